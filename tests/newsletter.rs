//! A council newsletter is known by its masthead, which on a web page may
//! come after the site's navigation, right before the first
//! headline; a page that only mentions the magazine is not one.

mod common;

use prepoll::extract::Format;

fn is_newsletter(html: &str) -> bool {
    common::findings("news/page.html", html, Format::Html)
        .iter()
        .any(|f| f.0 == "council-newsletter")
}

const NAV: &str = "<title>Spring 2027 | Wexbridge Council</title>\
<nav><ul><li><a href=/bins>Bins</a></li><li><a href=/tax>Council tax</a></li>\
<li><a href=/parks>Parks</a></li><li><a href=/news>News</a></li></ul></nav>";

#[test]
fn a_masthead_after_the_navigation_is_a_newsletter() {
    let page = format!(
        "{NAV}<main><p>Wexbridge Matters</p><p>The council magazine for every home, issue 42</p>\
<h1>Spring clean success</h1><p>Volunteers collected 1,100 bags.</p></main>"
    );
    assert!(is_newsletter(&page));
}

#[test]
fn a_page_that_mentions_the_magazine_is_not_one() {
    let page = format!(
        "{NAV}<main><h1>Spring clean success</h1>\
<p>The spring issue of the council magazine has a feature on the clean-up.</p></main>"
    );
    assert!(!is_newsletter(&page));
}
