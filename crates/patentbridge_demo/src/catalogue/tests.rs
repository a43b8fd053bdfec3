//! Tests of the demo catalogue generator.

use std::collections::{BTreeMap, HashSet};

use super::*;

#[test]
fn the_same_seed_gives_identical_records_and_a_different_seed_differs() {
    let a: Vec<Patent> = generate(300, 7).collect();
    let b: Vec<Patent> = generate(300, 7).collect();
    let c: Vec<Patent> = generate(300, 8).collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a[123], bench_patent(123, 7));
}

#[test]
fn numbers_are_unique_across_twenty_thousand_records() {
    let mut seen = HashSet::new();
    let mut bare = HashSet::new();
    for p in generate(20_000, 42) {
        assert!(seen.insert(p.number.to_string()), "duplicate {}", p.number);
        assert!(
            bare.insert(p.number.without_kind()),
            "duplicate {}",
            p.number
        );
        let n = p.number.to_string();
        assert_eq!(n.len(), 12, "{n}");
        match p.patent_type {
            PatentType::UtilityModel => assert!(n.starts_with("CN2") && n.ends_with('U')),
            _ => assert!(n.starts_with("CN1") && (n.ends_with('A') || n.ends_with('B'))),
        }
        let app = p.application_number.as_deref().unwrap_or("");
        assert_eq!(app.len(), 16, "{app}");
        assert_eq!(app.chars().last(), Some(check_char(&app[2..14])));
    }
}

#[test]
fn every_record_has_both_titles_both_abstracts_an_ipc_and_an_applicant() {
    for p in generate(3_000, 1) {
        for text in [
            &p.title_zh,
            &p.title_en,
            &p.abstract_zh,
            &p.abstract_en,
            &p.claims,
        ] {
            assert!(
                text.as_deref().is_some_and(|t| !t.trim().is_empty()),
                "{}",
                p.number
            );
        }
        assert!(!p.ipc.is_empty());
        assert!(!p.applicants.is_empty());
        assert!((3..=5).contains(&p.keywords.len()));
        assert!((2..=5).contains(&p.inventors.len()));
        assert!((1..=4).contains(&p.family_size.unwrap_or(0)));
        assert!((0..=60).contains(&p.cited_by_count.unwrap_or(-1)));
        assert_eq!(p.source, "demo");
        let zh_len = p.abstract_zh.as_deref().unwrap_or("").chars().count();
        assert!(
            (120..=360).contains(&zh_len),
            "abstract of {zh_len} chars: {:?}",
            p.abstract_zh
        );
        let claims = p.claims.as_deref().unwrap_or("");
        assert!(claims.starts_with("1. 一种"), "{claims}");
    }
}

#[test]
fn records_are_already_normal() {
    for p in generate(500, 3) {
        let mut q = p.clone();
        q.normalise();
        assert_eq!(p, q);
    }
}

#[test]
fn every_university_record_s_first_applicant_is_in_a_tianjin_district() {
    for p in generate(3_000, 5) {
        let first = &p.applicants[0];
        let region = first.region.map(|r| r.value());
        assert!(
            region.is_some_and(|r| (120101..=120119).contains(&r)),
            "{} {:?}",
            first.name,
            first.address
        );
        if matches!(
            first.applicant_type,
            ApplicantType::University | ApplicantType::ResearchInstitute
        ) {
            let source = SOURCES
                .iter()
                .find(|s| s.name_zh == first.name)
                .expect("a source");
            assert_eq!(region, Some(source.district), "{}", first.name);
        }
    }
}

#[test]
fn every_owner_resolves_to_the_district_it_was_placed_in() {
    let cat = catalogue();
    let placed = SOURCES
        .iter()
        .map(|s| s.district)
        .chain(SOES.iter().chain(SMES).chain(INDIVIDUALS).map(|o| o.1));
    for (owner, district) in cat.owners.iter().zip(placed) {
        assert_eq!(
            owner.party.region.map(|r| r.value()),
            Some(district),
            "{}",
            owner.party.name
        );
    }
    for &k in &cat.soes {
        assert_eq!(
            cat.owners[k].party.applicant_type,
            ApplicantType::StateOwnedEnterprise
        );
    }
    for &k in &cat.smes {
        assert_eq!(
            cat.owners[k].party.applicant_type,
            ApplicantType::PrivateEnterprise
        );
    }
    for &k in &cat.individuals {
        assert_eq!(
            cat.owners[k].party.applicant_type,
            ApplicantType::Individual
        );
    }
    assert_eq!(
        cat.ipc.iter().map(Vec::len).sum::<usize>(),
        THEMES.iter().map(|t| t.ipc.len()).sum::<usize>()
    );
}

#[test]
fn legal_status_equals_the_derived_status_and_dates_are_in_order() {
    for p in generate(5_000, 9) {
        assert_eq!(p.legal_status, p.derived_status(), "{}", p.number);
        let app = p.application_date.expect("application date");
        let publ = p.publication_date.expect("publication date");
        assert!(app >= ymd(2012, 1, 1) && publ > app && publ <= as_of());
        if let Some(g) = p.grant_date {
            assert!(g > app && g <= as_of());
            assert_eq!(p.events[0].kind, RegisterEventKind::Grant);
            assert!(
                p.events.windows(2).all(|w| w[0].date < w[1].date),
                "{:?}",
                p.events
            );
            assert!(p.events.iter().all(|e| e.date >= g && e.date <= as_of()));
        } else {
            assert!(p.events.is_empty());
            assert!(matches!(
                p.legal_status,
                LegalStatus::Pending | LegalStatus::Withdrawn
            ));
        }
    }
}

#[test]
fn some_titles_mention_a_pressure_sensor() {
    let hits = generate(2_000, 11)
        .filter(|p| {
            p.title_zh
                .as_deref()
                .is_some_and(|t| t.contains("压力传感器"))
        })
        .count();
    assert!(hits >= 5, "{hits}");
}

#[test]
fn the_status_mix_contains_in_force_pending_and_lapsed_and_prints_the_distribution() {
    let mut owners: BTreeMap<&str, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut events: BTreeMap<&str, usize> = BTreeMap::new();
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dormant_university = 0;
    let mut university_granted = 0;
    let (mut title, mut abs, mut claims) = (0, 0, 0);
    let n = 3_000;
    for p in generate(n, 2024) {
        *owners
            .entry(p.applicants[0].applicant_type.as_str())
            .or_default() += 1;
        *statuses.entry(p.legal_status.as_str()).or_default() += 1;
        *types.entry(p.patent_type.as_str()).or_default() += 1;
        for e in &p.events {
            *events.entry(e.kind.as_str()).or_default() += 1;
        }
        if p.applicants[0].applicant_type == ApplicantType::University
            && p.legal_status == LegalStatus::InForce
        {
            university_granted += 1;
            if p.events.iter().all(|e| {
                matches!(
                    e.kind,
                    RegisterEventKind::Grant | RegisterEventKind::ChangeOfNameOrAddress
                )
            }) {
                dormant_university += 1;
            }
        }
        title += p.title_zh.as_deref().map_or(0, |t| t.chars().count());
        abs += p.abstract_zh.as_deref().map_or(0, |t| t.chars().count());
        claims += p.claims.as_deref().map_or(0, |t| t.chars().count());
    }
    for p in generate(3, 2024) {
        println!(
            "sample {} {:?} / {:?}\n  {:?}\n  {:?}\n  {:?}\n  events {:?}",
            p.number, p.title_zh, p.title_en, p.abstract_zh, p.abstract_en, p.claims, p.events
        );
    }
    println!("owners (first applicant) in {n}: {owners:?}");
    println!("legal status in {n}: {statuses:?}");
    println!("patent types in {n}: {types:?}");
    println!("register events in {n}: {events:?}");
    println!(
        "university in-force patents with no deal events: {dormant_university} of {university_granted}"
    );
    println!(
        "mean chars: title_zh {}, abstract_zh {}, claims {}",
        title / n,
        abs / n,
        claims / n
    );
    for s in ["in_force", "pending", "lapsed"] {
        assert!(statuses.get(s).copied().unwrap_or(0) > 0, "no {s}");
    }
    let academic = owners.get("university").copied().unwrap_or(0)
        + owners.get("institute").copied().unwrap_or(0);
    assert!(
        (0.5..0.7).contains(&(academic as f64 / n as f64)),
        "{owners:?}"
    );
    assert!(dormant_university * 2 > university_granted);
}

/// Generation speed is measured by `patentbridge bench search`, not here.
#[test]
fn every_record_of_a_large_catalogue_has_text() {
    let n = 10_000;
    let empty = generate(n, 77)
        .filter(|p| p.abstract_zh.as_deref().is_none_or(str::is_empty) || p.claims.is_none())
        .count();
    assert_eq!(empty, 0);
}
