#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus for prepoll's throughput script.

    python3 scripts/bench_corpus.py OUT_DIR [--files 20000] [--shards 4] [--big-mb 0]

Writes OUT_DIR/prepoll.toml, OUT_DIR/candidates.csv (5,000 candidates, a
general election's worth, in Democracy Club's columns) and the documents in
OUT_DIR/shard-0 .. shard-(N-1): half Markdown press releases, half HTML web
pages (a real page's navigation and footer around the article). The same
arguments always give byte-identical files, so runs on different days and
machines compare. About one page in eight carries a breach (a quoted
candidate, a party, a campaign phrase); the rest is ordinary council news,
including the words that look like breaches but are not ("labour market",
"Green Lane", "conservative estimate").

--big-mb N also writes OUT_DIR/big.md, one Markdown file of N MB, for the
single-large-file memory measurement.
"""

import argparse
import csv
import os
import random

FIRST = """Jane Thomas Priya David Sarah Mohammed Chloe Aisha Gareth Fiona Oliver Amelia
Kwame Siobhan Rhys Eilidh Tariq Hannah Callum Zara Liam Grace Arjun Megan Owen Leah Yusuf
Niamh Ewan Ruth Connor Isla Dylan Anya Kieran Lucy Imran Erin Finn Maya""".split()
LAST = """Ashdown Bellingham Carrow Dunmore Eskdale Fairbrother Gorringe Halloran Ingleby
Jessop Kettering Lomax Mottram Nettleship Ormerod Pennington Quarrie Rushworth Satterthwaite
Tolhurst Underwood Varley Whitlock Yardley Ackroyd Blenkinsop Cattermole Dewhurst Entwistle
Fothergill Gledhill Hepplewhite Illingworth Jowett Kenworthy Lightfoot Murgatroyd Nuttall
Oldroyd Pickersgill Quickfall Ramsbottom Sowerby Thistlethwaite Uttley Vasey Wadsworth
Yeadon Aspinall Brierley Crabtree Dransfield Earnshaw Firth Greenhalgh Haworth Ibbotson
Jagger Kershaw Lumb Midgley Netherwood Oddy Priestley Rishworth Shackleton Tattersall
Umpleby Walmsley Wilberforce Ackers Barraclough Cockroft Drake Eastwood Farrar Gaukroger
Hebblethwaite Holroyd Ingham Jubb Kitson Laycock Moorhouse Naylor Oates Pollard Redman
Sugden Thackray Uttridge Verity Whiteley Wormald Akroyd Binns Clegg Denison Emmott Fearnley
Garside Hirst Illing Judson Keighley Lister Marsden Nicholl Ogden Pratt Raistrick Sunderland
Teale Varey Wainwright""".split()
# Surnames are also made from common English parts ("Ash" + "worth"), so the
# list has thousands of distinct surnames, as a real general election's does.
SURNAME_HEADS = """Ash Bar Bel Black Brad Brom Cal Carl Chat Col Craw Dal Dun Eas Ed Elm Fair Fal
Gar Glad Gold Grim Hal Hart Hay Hol Hun Kel Ken Kings Lang Lock Mar Mel Mid Mor Nor Oak Pem
Pen Ram Red Rich Ross Rush Sal Sand Shaw Sher Stan Stock Sut Thorn Tal Wal War Wel Wes Whit
Wil Win Wood Wyn Yar Brent Clay Cran Dray Fen Glen Hamp Lud Mal Pres Ros Sed Tem Wake""".split()
SURNAME_TAILS = """worth ley ton ford field by well wood more ham hurst wick stone bridge dale
brook land man ington ock ett ings combe den holme thwaite ridge cott low sey bourne fold
gate hill wright ster yard mer ner son ton""".split()
PARTIES = [
    ("Labour Party", "PP53"),
    ("Conservative and Unionist Party", "PP52"),
    ("Liberal Democrats", "PP90"),
    ("Green Party", "PP63"),
    ("Reform UK", "PP7931"),
    ("Independent", "ynmp-party:2"),
]
POLLING_DAY = "2027-05-06"
CHECK_DATE = "2027-04-20"
N_CANDIDATES = 5000

NEUTRAL = [
    "The council has confirmed that garden waste collections will restart on Monday across the "
    "district. Residents on Marsh Lane, Green Lane and around the Town Hall will be collected on "
    "Tuesdays, as before, and crews will start at 7am.",
    "The latest labour market report for the district shows more vacancies in the care sector, and a "
    "conservative estimate puts the shortfall at 300 posts by the end of the year.",
    "Work to resurface the High Street car park begins next week. The car park will close in phases "
    "so that at least half of the spaces stay open, and blue badge bays will not be affected.",
    "An independent review of the library service has been published. It recommends longer opening "
    "hours at weekends and a new home delivery service for residents who cannot travel.",
    "The district's green spaces scored highly in this year's Green Flag awards, with Riverside Park "
    "and the Memorial Gardens both keeping their flags for a fifth year.",
    "Residents who want to vote in the elections on 6 May must be registered by midnight on 16 April. "
    "Registering takes five minutes online, and the electoral services team can help by phone.",
    "Polling cards are being delivered this week. You do not need your card to vote, but you will need "
    "an accepted form of photo identification at the polling station.",
    "The council's cabinet agreed the new street trading policy at its meeting on Tuesday. The "
    "policy takes effect on 1 June and the full report is on the council's website.",
    "A spokesperson for the council said: \"We are grateful to everyone who took part in the "
    "consultation, and the responses will be reported to the planning committee.\"",
    "Families can book free swimming sessions during the Easter holidays at the leisure centre. "
    "Places are limited and must be booked in advance through the leisure centre's booking line.",
    "The bridge on Mill Road will close overnight for inspection on 12 and 13 April. A signed "
    "diversion will be in place, and pedestrians will be able to cross at all times.",
    "Business rates bills for the new financial year have been sent out. Businesses that may be "
    "eligible for small business rate relief are encouraged to apply before the end of June.",
]

HTML_HEAD = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Wexbridge District Council</title>
<meta name="description" content="News from Wexbridge District Council">
<meta property="article:published_time" content="{date}">
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
</head>
<body>
<header class="site-header"><a class="logo" href="/">Wexbridge District Council</a>
<nav aria-label="Main"><ul>{nav}</ul></nav>
<form class="search" action="/search"><label for="q">Search</label><input id="q" name="q"></form>
</header>
<main id="content"><article>
<h1>{title}</h1>
<p class="date"><time datetime="{date}">{date}</time></p>
"""
HTML_FOOT = """</article></main>
<footer><ul>{nav}</ul><p>&copy; Wexbridge District Council. Town Hall, Wexbridge.</p></footer>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</body>
</html>
"""
NAV_ITEMS = [
    "Bins and recycling", "Council tax", "Planning", "Parking", "Housing", "Libraries",
    "Leisure", "Business", "Jobs", "Contact us", "Elections and voting", "Roads and travel",
]


def candidates(rng):
    rows = []
    seen = set()
    for i in range(N_CANDIDATES):
        while True:
            first = rng.choice(FIRST)
            if rng.random() < 0.3:
                last = rng.choice(LAST)
            else:
                last = rng.choice(SURNAME_HEADS) + rng.choice(SURNAME_TAILS)
            name = f"{first} {last}"
            if name not in seen:
                break
            name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
            if name not in seen:
                break
        seen.add(name)
        party, party_id = PARTIES[i % len(PARTIES)]
        seat = f"Constituency {i % 650}"
        rows.append({
            "person_id": str(1000 + i),
            "person_name": name,
            "election_id": f"parl.{POLLING_DAY}",
            "ballot_paper_id": f"parl.constituency-{i % 650}.{POLLING_DAY}",
            "election_date": POLLING_DAY,
            "election_current": "t",
            "party_name": party,
            "party_id": party_id,
            "post_label": seat,
            "cancelled_poll": "f",
            "seats_contested": "1",
        })
    return rows


def breach(rng, names):
    name = rng.choice(names)
    surname = name.split()[-1]
    return rng.choice([
        f"Councillor {name} said: \"This is exactly what residents asked for, and I am proud to have "
        f"fought for it.\"",
        f"The Labour group has welcomed the decision, and {name} will open the new centre next week.",
        f"Cllr {surname} praised the scheme. Vote for the team that delivers for Wexbridge on 6 May.",
        f"The controversial low traffic neighbourhood plans were backed by {name} at the meeting.",
        f"Pictured: {name} with pupils from St Mary's Primary at the opening of the new play area.",
    ])


def paragraphs(rng, target, names):
    out, size = [], 0
    breaches = rng.random() < 0.125
    while size < target:
        p = rng.choice(NEUTRAL)
        if breaches and rng.random() < 0.08:
            p = breach(rng, names) + " " + p
        out.append(p)
        size += len(p) + 2
    return out


def markdown(rng, title, paras):
    front = f"---\ntitle: \"{title}\"\ndate: {CHECK_DATE}\n---\n\n# {title}\n\n"
    return front + "\n\n".join(paras) + "\n"


def html(rng, title, paras):
    nav = "".join(f'<li><a href="/{n.lower().replace(" ", "-")}">{n}</a></li>' for n in NAV_ITEMS)
    body = "".join(f"<p>{p.replace('&', '&amp;')}</p>\n" for p in paras)
    return HTML_HEAD.format(title=title, date=CHECK_DATE, nav=nav) + body + HTML_FOOT.format(nav=nav)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--kb", type=int, default=50, help="average document size in KB")
    ap.add_argument("--big-mb", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(20270506)
    os.makedirs(args.out, exist_ok=True)
    rows = candidates(rng)
    with open(os.path.join(args.out, "candidates.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(args.out, "prepoll.toml"), "w") as f:
        f.write(
            "# Generated by scripts/bench_corpus.py: a general election, 5,000 candidates.\n"
            "[[election]]\n"
            f'id = "parl.{POLLING_DAY}"\n'
            'type = "parliamentary"\n'
            f"polling_day = {POLLING_DAY}\n"
            'candidates = "candidates.csv"\n\n'
            "[lexicon]\n"
            'controversial = ["low traffic neighbourhood"]\n'
        )
    names = [r["person_name"] for r in rows]
    for shard in range(args.shards):
        os.makedirs(os.path.join(args.out, f"shard-{shard}"), exist_ok=True)
    for i in range(args.files):
        doc = random.Random(i)
        title = f"Council news {i}"
        target = int(args.kb * 1024 * (0.5 + doc.random()))
        # Each shard gets as many Markdown files as HTML pages, so that any
        # share of the shards is a fair sample of the whole.
        shard = os.path.join(args.out, f"shard-{i % args.shards}")
        if (i // args.shards) % 2 == 0:
            text = markdown(doc, title, paragraphs(doc, target, names))
            path = os.path.join(shard, f"news-{i:05}.md")
        else:
            # The page's boilerplate is about 3 KB; the article fills the rest.
            text = html(doc, title, paragraphs(doc, max(target - 3072, 1024), names))
            path = os.path.join(shard, f"page-{i:05}.html")
        with open(path, "w") as f:
            f.write(text)
    if args.big_mb:
        doc = random.Random(-1)
        with open(os.path.join(args.out, "big.md"), "w") as f:
            written = 0
            while written < args.big_mb * 1024 * 1024:
                chunk = "\n\n".join(paragraphs(doc, 1 << 20, names)) + "\n\n"
                f.write(chunk)
                written += len(chunk)


if __name__ == "__main__":
    main()
