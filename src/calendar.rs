//! Election calendars: bank holidays per nation, and the latest date for the notice of election.
//!
//! The pre-election period starts when the notice of election is published. When the user
//! does not give that date, prepoll uses the latest date the law allows: a count of working
//! days back from polling day (DOMAIN.md §3.1–3.2). Which days count differs by election and by
//! nation, and one missed bank holiday moves the start of the period by a day, so every
//! counting rule lives here, in one place, tested against dates that councils and the
//! Electoral Commission published (DOMAIN.md §3.5).
//!
//! Invariants:
//! - Polling day is day 0. The deadline is the Nth day before it that is not disregarded,
//!   and it is never itself a disregarded day.
//! - Bank holidays are computed from the rules (Banking and Financial Dealings Act 1971 plus
//!   proclamations), then the one-off changes from the gov.uk feed (2012–2028) are applied.
//!   Nothing is read from the network or from disk, so the same inputs always give the same
//!   answer. Years before 2007 get today's rules, which do not match history; elections that
//!   old are out of scope.
//! - A day appointed for public thanksgiving or mourning counts as disregarded only if it is
//!   in the one-off table (the 2022 State Funeral is).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A value that is not one of the accepted names; the message lists the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(String);

impl UnknownValue {
    fn new(what: &str, value: &str, accepted: &[&str]) -> Self {
        Self(format!(
            "unknown {what} {value:?}: expected one of {}",
            accepted.join(", ")
        ))
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UnknownValue {}

/// A part of the UK with its own bank holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nation {
    /// England (shares its bank holidays with Wales).
    England,
    /// Wales.
    Wales,
    /// Scotland: 2 January and St Andrew's Day, but no Easter Monday.
    Scotland,
    /// Northern Ireland: adds St Patrick's Day and 12 July.
    NorthernIreland,
}

impl Nation {
    /// Every nation, in declaration order.
    pub const ALL: [Nation; 4] = [
        Nation::England,
        Nation::Wales,
        Nation::Scotland,
        Nation::NorthernIreland,
    ];

    /// The kebab-case name used in `prepoll.toml` and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Nation::England => "england",
            Nation::Wales => "wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern-ireland",
        }
    }
}

impl fmt::Display for Nation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Nation {
    type Err = UnknownValue;

    /// Parses a kebab-case name, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|n| n.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownValue::new("nation", s, &Self::ALL.map(Self::as_str)))
    }
}

/// The kind of poll, which decides the day count and which days are disregarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElectionType {
    /// Principal council: county, district, unitary, London borough, Scottish or NI council.
    Local,
    /// Parish (England) or community (Wales) council.
    Parish,
    /// Directly elected mayor of a council or a combined (county) authority.
    Mayoral,
    /// Mayor of London and London Assembly.
    Gla,
    /// Police and Crime Commissioner (England and Wales).
    Pcc,
    /// UK Parliament general election.
    Parliamentary,
    /// Senedd Cymru (Welsh Parliament).
    Senedd,
    /// Scottish Parliament.
    ScottishParliament,
    /// Northern Ireland Assembly.
    NiAssembly,
    /// National or local referendum: a 28-day publicity period in calendar days.
    Referendum,
}

impl ElectionType {
    /// Every election type, in declaration order.
    pub const ALL: [ElectionType; 10] = [
        ElectionType::Local,
        ElectionType::Parish,
        ElectionType::Mayoral,
        ElectionType::Gla,
        ElectionType::Pcc,
        ElectionType::Parliamentary,
        ElectionType::Senedd,
        ElectionType::ScottishParliament,
        ElectionType::NiAssembly,
        ElectionType::Referendum,
    ];

    /// The kebab-case name used in `prepoll.toml` and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionType::Local => "local",
            ElectionType::Parish => "parish",
            ElectionType::Mayoral => "mayoral",
            ElectionType::Gla => "gla",
            ElectionType::Pcc => "pcc",
            ElectionType::Parliamentary => "parliamentary",
            ElectionType::Senedd => "senedd",
            ElectionType::ScottishParliament => "scottish-parliament",
            ElectionType::NiAssembly => "ni-assembly",
            ElectionType::Referendum => "referendum",
        }
    }

    /// Whether this is a local election (local, parish, mayoral), where the Code's ban on
    /// council newspapers and newsletters applies.
    pub fn is_local(self) -> bool {
        matches!(
            self,
            ElectionType::Local | ElectionType::Parish | ElectionType::Mayoral
        )
    }

    /// The nation an election of this type always takes place in, if there is only one.
    ///
    /// The calendar functions count with this nation's holidays whatever nation they are
    /// given, so that a config that leaves `nation` at its default of England still gets
    /// Scottish bank holidays for a Scottish Parliament election.
    pub fn home_nation(self) -> Option<Nation> {
        match self {
            ElectionType::Gla => Some(Nation::England),
            ElectionType::Senedd => Some(Nation::Wales),
            ElectionType::ScottishParliament => Some(Nation::Scotland),
            ElectionType::NiAssembly => Some(Nation::NorthernIreland),
            _ => None,
        }
    }
}

impl fmt::Display for ElectionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ElectionType {
    type Err = UnknownValue;

    /// Parses a kebab-case name, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownValue::new("election type", s, &Self::ALL.map(Self::as_str)))
    }
}

/// Builds a date, panicking on an impossible one; in the const table below that panic
/// happens at compile time.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid calendar date"),
    }
}

/// A change made by royal proclamation for one year only.
enum OneOff {
    /// A rule-made holiday moved to another date in every nation, keeping its name.
    Moved { from: NaiveDate, to: NaiveDate },
    /// An extra holiday in the listed nations.
    Extra {
        on: NaiveDate,
        name: &'static str,
        nations: &'static [Nation],
    },
}

/// The days where the gov.uk feed (2012–2028) differs from the rules (DOMAIN.md §3.4).
const ONE_OFFS: &[OneOff] = &[
    OneOff::Moved {
        from: ymd(2012, 5, 28),
        to: ymd(2012, 6, 4),
    },
    OneOff::Extra {
        on: ymd(2012, 6, 5),
        name: "Queen's Diamond Jubilee",
        nations: &Nation::ALL,
    },
    // VE Day 75th anniversary: 4 May 2020 was a working day.
    OneOff::Moved {
        from: ymd(2020, 5, 4),
        to: ymd(2020, 5, 8),
    },
    // Platinum Jubilee: 30 May 2022 was a working day.
    OneOff::Moved {
        from: ymd(2022, 5, 30),
        to: ymd(2022, 6, 2),
    },
    OneOff::Extra {
        on: ymd(2022, 6, 3),
        name: "Platinum Jubilee bank holiday",
        nations: &Nation::ALL,
    },
    OneOff::Extra {
        on: ymd(2022, 9, 19),
        name: "Bank holiday for the State Funeral of Queen Elizabeth II",
        nations: &Nation::ALL,
    },
    OneOff::Extra {
        on: ymd(2023, 5, 8),
        name: "Bank holiday for the coronation of King Charles III",
        nations: &Nation::ALL,
    },
    // As in the feed snapshot DOMAIN.md used; flagged there as still to verify.
    OneOff::Extra {
        on: ymd(2026, 6, 15),
        name: "World Cup bank holiday",
        nations: &[Nation::Scotland],
    },
];

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1)
        .expect("every month has a Monday")
}

/// Easter Sunday in the Gregorian calendar (anonymous algorithm of Meeus, Jones and Butcher).
///
/// chrono has no Easter, and Good Friday and Easter Monday hang off it.
///
/// # Panics
///
/// If the year is outside chrono's range of dates.
pub fn easter_sunday(year: i32) -> NaiveDate {
    // Euclidean division keeps every intermediate in range for years before 1 AD too.
    let (a, b, c) = (
        year.rem_euclid(19),
        year.div_euclid(100),
        year.rem_euclid(100),
    );
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    ymd(year, (n / 31) as u32, (n % 31 + 1) as u32)
}

/// Bank holidays of a nation in a year, with their gov.uk names, sorted by date.
///
/// Substitute days are included in place of holidays that fall at a weekend, under the name
/// of the holiday they replace. Christmas Eve is not a bank holiday (it is disregarded all
/// the same, see [`is_disregarded`]); neither is Easter Monday in Scotland.
///
/// # Panics
///
/// If the year is outside chrono's range of dates.
pub fn bank_holidays(year: i32, nation: Nation) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let mut days = vec![
        (easter - Days::new(2), "Good Friday"),
        (first_monday(year, 5), "Early May bank holiday"),
        (first_monday(year, 6) - Days::new(7), "Spring bank holiday"),
    ];
    if nation == Nation::Scotland {
        days.push((first_monday(year, 8), "Summer bank holiday"));
    } else {
        days.push((easter + Days::new(1), "Easter Monday"));
        days.push((first_monday(year, 9) - Days::new(7), "Summer bank holiday"));
    }

    // Holidays on a fixed date, in date order.
    let fixed: &[(u32, u32, &str)] = match nation {
        Nation::England | Nation::Wales => &[
            (1, 1, "New Year's Day"),
            (12, 25, "Christmas Day"),
            (12, 26, "Boxing Day"),
        ],
        Nation::Scotland => &[
            (1, 1, "New Year's Day"),
            (1, 2, "2nd January"),
            (11, 30, "St Andrew's Day"),
            (12, 25, "Christmas Day"),
            (12, 26, "Boxing Day"),
        ],
        Nation::NorthernIreland => &[
            (1, 1, "New Year's Day"),
            (3, 17, "St Patrick's Day"),
            (7, 12, "Battle of the Boyne (Orangemen's Day)"),
            (12, 25, "Christmas Day"),
            (12, 26, "Boxing Day"),
        ],
    };
    // Fixed days on a weekday keep their date. The others, in date order, take the next
    // weekday that is not already a holiday. That one rule gives every substitution in
    // DOMAIN.md §3.4: Christmas on a Saturday → Mon 27 and Tue 28; on a Sunday, Boxing Day
    // keeps Mon 26 and Christmas takes Tue 27; Boxing Day on a Saturday → Mon 28; and
    // Scotland's 1/2 January pair moves the same way (Sat → 3 & 4, Sun → 2 & 3, Fri → 1 & 4).
    let fixed: Vec<_> = fixed
        .iter()
        .map(|&(m, d, name)| (ymd(year, m, d), name))
        .collect();
    days.extend(fixed.iter().copied().filter(|&(date, _)| !is_weekend(date)));
    for &(date, name) in fixed.iter().filter(|&&(date, _)| is_weekend(date)) {
        let mut substitute = date;
        while is_weekend(substitute) || days.iter().any(|&(d, _)| d == substitute) {
            substitute = substitute + Days::new(1);
        }
        days.push((substitute, name));
    }

    for change in ONE_OFFS {
        match *change {
            OneOff::Moved { from, to } => {
                for day in days.iter_mut().filter(|(d, _)| *d == from) {
                    day.0 = to;
                }
            }
            OneOff::Extra { on, name, nations } => {
                if on.year() == year && nations.contains(&nation) {
                    days.push((on, name));
                }
            }
        }
    }
    days.sort();
    days
}

/// How the notice deadline is counted for one election.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timetable {
    /// Days counted back from polling day (day 0): working days, except for a referendum,
    /// whose period is in calendar days (the `rule` says so).
    pub working_days: u32,
    /// Plain-English statement of the rule with its source, for `prepoll calendar` output.
    pub rule: &'static str,
}

/// The day count and its legal source for an election (DOMAIN.md §3.2).
///
/// An election type with a [home nation](ElectionType::home_nation) ignores `nation`.
pub fn timetable(ty: ElectionType, nation: Nation) -> Timetable {
    use ElectionType as T;
    let nation = ty.home_nation().unwrap_or(nation);
    let (working_days, rule) = match (ty, nation) {
        (T::Local, Nation::England) => (
            25,
            "25 working days before polling day (Local Elections (Principal Areas) (England and Wales) Rules 2006, SI 2006/3304, r.1)",
        ),
        (T::Local, Nation::Wales) => (
            25,
            "25 working days before polling day (Local Elections (Principal Areas) (Wales) Rules 2021, SI 2021/1459)",
        ),
        (T::Local, Nation::Scotland) => (
            28,
            "28 working days before polling day, the end of a window that opens 35 working days before; Easter Monday is also disregarded (Scottish local government election rules)",
        ),
        (T::Local, Nation::NorthernIreland) => (
            25,
            "25 working days before polling day (Northern Ireland local election timetable)",
        ),
        (T::Parish, _) => (
            25,
            "25 working days before polling day (Local Elections (Parishes and Communities) (England and Wales) Rules 2006, SI 2006/3305)",
        ),
        (T::Mayoral, _) => (
            25,
            "25 working days before polling day (council mayors: SI 2007/1024; combined authority mayors: SI 2017/67)",
        ),
        (T::Gla, _) => (
            30,
            "30 working days before polling day (Greater London Authority Elections Rules 2007, SI 2007/3541)",
        ),
        (T::Pcc, _) => (
            25,
            "25 working days before polling day (Police and Crime Commissioner Elections Order 2012, SI 2012/1917, Sch 3)",
        ),
        (T::Parliamentary, _) => (
            22,
            "22 working days before polling day, by 4pm; bank holidays in any part of the UK are disregarded (Representation of the People Act 1983, Sch 1; Electoral Commission timetable)",
        ),
        (T::Senedd, _) => (
            25,
            "25 working days before polling day (Senedd election timetable)",
        ),
        (T::ScottishParliament, _) => (
            28,
            "28 working days before polling day; Easter Monday is also disregarded (Scottish Parliament (Elections etc.) Order 2015, SSI 2015/425)",
        ),
        (T::NiAssembly, _) => (
            25,
            "25 working days before polling day (Northern Ireland Assembly election timetable)",
        ),
        (T::Referendum, _) => (
            28,
            "28 calendar days before polling day, not working days: the referendum publicity period (PPERA 2000 s.125; SI 2012/323 reg 5)",
        ),
    };
    Timetable { working_days, rule }
}

/// Is this day disregarded when counting working days for this election?
///
/// Disregarded: Saturdays, Sundays, Christmas Eve, Christmas Day, Good Friday and the
/// nation's bank holidays; for a UK general election the bank holidays of every nation; for
/// Scottish local and Scottish Parliament elections Easter Monday too. Nothing is
/// disregarded for a referendum, whose period is in calendar days. An election type with a
/// [home nation](ElectionType::home_nation) ignores `nation`.
pub fn is_disregarded(date: NaiveDate, ty: ElectionType, nation: Nation) -> bool {
    if ty == ElectionType::Referendum {
        return false;
    }
    let nation = ty.home_nation().unwrap_or(nation);
    let easter = easter_sunday(date.year());
    // Christmas Eve and Good Friday are named by the rules themselves; Christmas Day is
    // listed for the same reason, even though it is also a bank holiday.
    let named =
        (date.month() == 12 && matches!(date.day(), 24 | 25)) || date == easter - Days::new(2);
    // Scottish local and Scottish Parliament rules treat Easter Monday as a non-working day
    // although it is no Scottish bank holiday (DOMAIN.md §3.3).
    let scottish_easter_monday = nation == Nation::Scotland
        && matches!(ty, ElectionType::Local | ElectionType::ScottishParliament)
        && date == easter + Days::new(1);
    let nations: &[Nation] = if ty == ElectionType::Parliamentary {
        &Nation::ALL
    } else {
        std::slice::from_ref(&nation)
    };
    is_weekend(date)
        || named
        || scottish_easter_monday
        || nations.iter().any(|&n| {
            bank_holidays(date.year(), n)
                .iter()
                .any(|&(d, _)| d == date)
        })
}

/// Latest date for publishing the notice of election: count back N working days from
/// polling day (polling day = day 0), with N from [`timetable`].
///
/// For a referendum this is the start of the 28-day publicity period. An election type with
/// a [home nation](ElectionType::home_nation) ignores `nation`.
///
/// # Panics
///
/// If the count runs past the start of chrono's range of dates.
pub fn notice_deadline(polling_day: NaiveDate, ty: ElectionType, nation: Nation) -> NaiveDate {
    count_back(polling_day, timetable(ty, nation).working_days, |d| {
        is_disregarded(d, ty, nation)
    })
}

/// The `n`th day before `from` that is not disregarded.
fn count_back(from: NaiveDate, n: u32, disregarded: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let mut date = from;
    for _ in 0..n {
        date = date - Days::new(1);
        while disregarded(date) {
            date = date - Days::new(1);
        }
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;
    use ElectionType as T;
    use Nation as N;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn dates(year: i32, nation: Nation) -> Vec<NaiveDate> {
        bank_holidays(year, nation)
            .into_iter()
            .map(|(date, _)| date)
            .collect()
    }

    fn all(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| d(s)).collect()
    }

    // Published deadlines, DOMAIN.md §3.2 and §3.5.

    #[test]
    fn england_local_2024_skips_easter() {
        // EC media guide: "Publication of notice of election | Tuesday 26 March".
        assert_eq!(
            notice_deadline(d("2024-05-02"), T::Local, N::England),
            d("2024-03-26")
        );
    }

    #[test]
    fn pcc_and_mayoral_2024_match_locals() {
        for ty in [T::Pcc, T::Mayoral] {
            assert_eq!(
                notice_deadline(d("2024-05-02"), ty, N::England),
                d("2024-03-26")
            );
        }
    }

    #[test]
    fn england_local_2023_skips_easter_and_early_may() {
        // LGA FAQ: "latest date ... Monday 27 March 2023".
        assert_eq!(
            notice_deadline(d("2023-05-04"), T::Local, N::England),
            d("2023-03-27")
        );
    }

    #[test]
    fn general_election_2024_in_every_nation() {
        for nation in Nation::ALL {
            assert_eq!(
                notice_deadline(d("2024-07-04"), T::Parliamentary, nation),
                d("2024-06-04")
            );
        }
        // Dissolution was the 25th working day, Thu 30 May, after the Spring bank holiday.
        let dissolution = count_back(d("2024-07-04"), 25, |x| {
            is_disregarded(x, T::Parliamentary, N::England)
        });
        assert_eq!(dissolution, d("2024-05-30"));
    }

    #[test]
    fn scotland_local_2022_window() {
        let poll = d("2022-05-05");
        assert_eq!(
            notice_deadline(poll, T::Local, N::Scotland),
            d("2022-03-23")
        );
        // The window opens at the 35th working day: the EMB directed Mon 14 March.
        let opens = count_back(poll, 35, |x| is_disregarded(x, T::Local, N::Scotland));
        assert_eq!(opens, d("2022-03-14"));
    }

    #[test]
    fn christmas_effect_2025() {
        // 24, 25, 26 December and 1 January are all skipped.
        assert_eq!(
            notice_deadline(d("2025-01-23"), T::Local, N::England),
            d("2024-12-13")
        );
    }

    #[test]
    fn gla_2024_thirty_days() {
        // Kingston: "Tuesday 19 March 2024". The nation argument is ignored for the GLA.
        for nation in Nation::ALL {
            assert_eq!(
                notice_deadline(d("2024-05-02"), T::Gla, nation),
                d("2024-03-19")
            );
        }
    }

    #[test]
    fn wales_local_2022() {
        assert_eq!(
            notice_deadline(d("2022-05-05"), T::Local, N::Wales),
            d("2022-03-28")
        );
    }

    #[test]
    fn ni_local_2019() {
        // NILGA: 26 March 2019 for 2 May 2019.
        assert_eq!(
            notice_deadline(d("2019-05-02"), T::Local, N::NorthernIreland),
            d("2019-03-26")
        );
    }

    #[test]
    fn parish_skipton_north_2024() {
        // North Yorkshire: notice Wed 16 Oct for a Wed 20 Nov 2024 poll.
        assert_eq!(
            notice_deadline(d("2024-11-20"), T::Parish, N::England),
            d("2024-10-16")
        );
    }

    #[test]
    fn referendum_counts_calendar_days() {
        // Scottish independence referendum, 18 Sep 2014: Aberdeen applied the period from
        // Thursday 21 August, 28 days before.
        assert_eq!(
            notice_deadline(d("2014-09-18"), T::Referendum, N::Scotland),
            d("2014-08-21")
        );
        // A bank holiday weekend does not stretch it.
        assert_eq!(
            notice_deadline(d("2024-05-30"), T::Referendum, N::England),
            d("2024-05-02")
        );
        assert!(
            timetable(T::Referendum, N::England)
                .rule
                .contains("calendar days")
        );
    }

    #[test]
    fn deadline_is_a_working_day_with_exactly_n_working_days_to_poll() {
        let mut poll = d("2019-01-01");
        while poll < d("2029-01-01") {
            for ty in ElectionType::ALL {
                for nation in Nation::ALL {
                    let deadline = notice_deadline(poll, ty, nation);
                    let counted = deadline
                        .iter_days()
                        .take_while(|&x| x < poll)
                        .filter(|&x| !is_disregarded(x, ty, nation))
                        .count();
                    assert!(
                        !is_disregarded(deadline, ty, nation),
                        "{ty} {nation} {poll}"
                    );
                    assert_eq!(
                        counted as u32,
                        timetable(ty, nation).working_days,
                        "{ty} {nation} {poll}"
                    );
                }
            }
            poll = poll + Days::new(29);
        }
    }

    // Timetables.

    #[test]
    fn day_counts() {
        let count = |ty, nation| timetable(ty, nation).working_days;
        assert_eq!(count(T::Local, N::England), 25);
        assert_eq!(count(T::Local, N::Wales), 25);
        assert_eq!(count(T::Local, N::NorthernIreland), 25);
        assert_eq!(count(T::Local, N::Scotland), 28);
        for ty in [T::Parish, T::Mayoral, T::Pcc, T::Senedd, T::NiAssembly] {
            assert_eq!(count(ty, N::England), 25, "{ty}");
        }
        assert_eq!(count(T::Gla, N::England), 30);
        assert_eq!(count(T::Parliamentary, N::Scotland), 22);
        assert_eq!(count(T::ScottishParliament, N::Scotland), 28);
        assert_eq!(count(T::Referendum, N::Wales), 28);
        // Home nations win over the argument.
        assert_eq!(
            timetable(T::ScottishParliament, N::England),
            timetable(T::ScottishParliament, N::Scotland)
        );
    }

    // Disregarded days.

    #[test]
    fn christmas_eve_and_good_friday_are_disregarded_everywhere() {
        for nation in Nation::ALL {
            // Wednesday 24 December 2025 is no bank holiday, but it is disregarded.
            assert!(!dates(2025, nation).contains(&d("2025-12-24")));
            assert!(is_disregarded(d("2025-12-24"), T::Local, nation));
            assert!(is_disregarded(d("2025-04-18"), T::Pcc, nation));
            assert!(!is_disregarded(d("2025-12-23"), T::Local, nation));
        }
    }

    #[test]
    fn scottish_easter_monday_only_for_local_and_holyrood() {
        let easter_monday = d("2024-04-01");
        assert!(!dates(2024, N::Scotland).contains(&easter_monday));
        assert!(is_disregarded(easter_monday, T::Local, N::Scotland));
        assert!(is_disregarded(
            easter_monday,
            T::ScottishParliament,
            N::England
        ));
        assert!(!is_disregarded(easter_monday, T::Pcc, N::Scotland));
        assert!(is_disregarded(easter_monday, T::Local, N::England));
    }

    #[test]
    fn general_election_skips_every_nations_holidays() {
        let st_patrick = d("2025-03-17");
        let st_andrew = d("2026-11-30");
        for nation in Nation::ALL {
            assert!(is_disregarded(st_patrick, T::Parliamentary, nation));
            assert!(is_disregarded(st_andrew, T::Parliamentary, nation));
        }
        assert!(!is_disregarded(st_patrick, T::Local, N::England));
        assert!(is_disregarded(st_patrick, T::Local, N::NorthernIreland));
        assert!(!is_disregarded(st_andrew, T::Local, N::Wales));
        assert!(is_disregarded(st_andrew, T::Local, N::Scotland));
    }

    #[test]
    fn referendum_disregards_nothing() {
        assert!(!is_disregarded(d("2025-12-25"), T::Referendum, N::England));
        assert!(!is_disregarded(d("2025-12-27"), T::Referendum, N::England));
    }

    // Easter and bank holidays, checked against the gov.uk feed.

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024), d("2024-03-31"));
        assert_eq!(easter_sunday(2025), d("2025-04-20"));
        assert_eq!(easter_sunday(2026), d("2026-04-05"));
        assert_eq!(easter_sunday(2019), d("2019-04-21"));
        // The extremes of the Gregorian range, 22 March and 25 April.
        assert_eq!(easter_sunday(2285), d("2285-03-22"));
        assert_eq!(easter_sunday(2038), d("2038-04-25"));
    }

    #[test]
    fn england_and_wales_2021() {
        let want = all(&[
            "2021-01-01",
            "2021-04-02",
            "2021-04-05",
            "2021-05-03",
            "2021-05-31",
            "2021-08-30",
            "2021-12-27",
            "2021-12-28",
        ]);
        assert_eq!(dates(2021, N::England), want);
        assert_eq!(dates(2021, N::Wales), want);
    }

    #[test]
    fn england_2020_ve_day_and_boxing_day_on_saturday() {
        let want = all(&[
            "2020-01-01",
            "2020-04-10",
            "2020-04-13",
            "2020-05-08",
            "2020-05-25",
            "2020-08-31",
            "2020-12-25",
            "2020-12-28",
        ]);
        assert_eq!(dates(2020, N::England), want);
    }

    #[test]
    fn england_2022_jubilee_funeral_and_christmas_on_sunday() {
        let want = all(&[
            "2022-01-03",
            "2022-04-15",
            "2022-04-18",
            "2022-05-02",
            "2022-06-02",
            "2022-06-03",
            "2022-08-29",
            "2022-09-19",
            "2022-12-26",
            "2022-12-27",
        ]);
        assert_eq!(dates(2022, N::England), want);
        // On a Sunday Christmas, Boxing Day keeps the Monday and Christmas takes Tuesday.
        let names = bank_holidays(2022, N::England);
        assert!(names.contains(&(d("2022-12-26"), "Boxing Day")));
        assert!(names.contains(&(d("2022-12-27"), "Christmas Day")));
    }

    #[test]
    fn diamond_jubilee_2012_moves_spring_holiday_everywhere() {
        for nation in Nation::ALL {
            let list = dates(2012, nation);
            assert!(!list.contains(&d("2012-05-28")), "{nation}");
            assert!(
                list.contains(&d("2012-06-04")) && list.contains(&d("2012-06-05")),
                "{nation}"
            );
        }
    }

    #[test]
    fn scotland_2022() {
        let want = all(&[
            "2022-01-03",
            "2022-01-04",
            "2022-04-15",
            "2022-05-02",
            "2022-06-02",
            "2022-06-03",
            "2022-08-01",
            "2022-09-19",
            "2022-11-30",
            "2022-12-26",
            "2022-12-27",
        ]);
        assert_eq!(dates(2022, N::Scotland), want);
    }

    #[test]
    fn scotland_new_year_pairs() {
        // 1 Jan on a Friday, a Sunday (2023, with the coronation), and St Andrew's on a Saturday.
        assert_eq!(
            dates(2021, N::Scotland)[..2],
            all(&["2021-01-01", "2021-01-04"])
        );
        let want = all(&[
            "2023-01-02",
            "2023-01-03",
            "2023-04-07",
            "2023-05-01",
            "2023-05-08",
            "2023-05-29",
            "2023-08-07",
            "2023-11-30",
            "2023-12-25",
            "2023-12-26",
        ]);
        assert_eq!(dates(2023, N::Scotland), want);
        assert!(dates(2024, N::Scotland).contains(&d("2024-12-02")));
    }

    #[test]
    fn scotland_2026_world_cup() {
        let want = all(&[
            "2026-01-01",
            "2026-01-02",
            "2026-04-03",
            "2026-05-04",
            "2026-05-25",
            "2026-06-15",
            "2026-08-03",
            "2026-11-30",
            "2026-12-25",
            "2026-12-28",
        ]);
        assert_eq!(dates(2026, N::Scotland), want);
        assert!(!dates(2026, N::England).contains(&d("2026-06-15")));
    }

    #[test]
    fn northern_ireland_2024_st_patrick_substitute() {
        let want = all(&[
            "2024-01-01",
            "2024-03-18",
            "2024-03-29",
            "2024-04-01",
            "2024-05-06",
            "2024-05-27",
            "2024-07-12",
            "2024-08-26",
            "2024-12-25",
            "2024-12-26",
        ]);
        assert_eq!(dates(2024, N::NorthernIreland), want);
    }

    #[test]
    fn holiday_lists_are_sorted_weekdays_without_duplicates() {
        for year in 2000..=2100 {
            for nation in Nation::ALL {
                let list = dates(year, nation);
                assert!(
                    list.windows(2).all(|w| w[0] < w[1]),
                    "{year} {nation}: {list:?}"
                );
                assert!(
                    list.iter().all(|&x| !is_weekend(x) && x.year() == year),
                    "{year} {nation}"
                );
            }
        }
    }

    // Names on the command line and in prepoll.toml.

    #[test]
    fn names_round_trip() {
        for nation in Nation::ALL {
            assert_eq!(nation.to_string().parse::<Nation>(), Ok(nation));
        }
        for ty in ElectionType::ALL {
            assert_eq!(ty.to_string().parse::<ElectionType>(), Ok(ty));
        }
        assert_eq!("Northern-Ireland".parse::<Nation>(), Ok(N::NorthernIreland));
        assert_eq!(
            "SCOTTISH-PARLIAMENT".parse::<ElectionType>(),
            Ok(T::ScottishParliament)
        );
        assert_eq!(N::NorthernIreland.to_string(), "northern-ireland");
        assert_eq!(T::NiAssembly.to_string(), "ni-assembly");
    }

    #[test]
    fn unknown_names_list_the_accepted_ones() {
        let err = "northern_ireland"
            .parse::<Nation>()
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            r#"unknown nation "northern_ireland": expected one of england, wales, scotland, northern-ireland"#
        );
        let err = "general".parse::<ElectionType>().unwrap_err().to_string();
        assert!(
            err.starts_with(r#"unknown election type "general": expected one of local, parish,"#)
        );
        assert!(ElectionType::ALL.iter().all(|t| err.contains(t.as_str())));
        assert!(" england".parse::<Nation>().is_err());
        let _: &dyn std::error::Error = &UnknownValue::new("nation", "x", &[]);
    }

    #[test]
    fn local_types() {
        let local: Vec<_> = ElectionType::ALL
            .into_iter()
            .filter(|t| t.is_local())
            .collect();
        assert_eq!(local, [T::Local, T::Parish, T::Mayoral]);
    }
}
