//! The market on both backends: inquiries with the zero-price-first rule,
//! favourites, and packages of published listings.

use super::*;
use patentbridge_domain::listing::{
    ListingEvent, ListingForm, ListingSpec, ListingState, ZeroPriceRule, transition,
};
use patentbridge_domain::package::{PackagePricing, PackageSpec, PackageState};
use patentbridge_storage::{ListingMove, PackageFilter};

pub(super) async fn owner(store: &Store, name: &str) -> i64 {
    store
        .create_organisation(
            &AuditContext::system(),
            &NewOrganisation {
                kind: OrganisationKind::University,
                name_zh: name.into(),
                name_en: None,
                credit_code: None,
                region: Some(RegionCode::parse("120104").unwrap()),
                address: None,
                industry: None,
            },
        )
        .await
        .unwrap()
}

/// A verified-or-not SME with one member; (organisation, user).
pub(super) async fn sme_with_member(store: &Store) -> (i64, i64) {
    let org = store
        .create_organisation(
            &AuditContext::system(),
            &sme("天津买方科技有限公司", None, "120116"),
        )
        .await
        .unwrap();
    let user = store
        .create_user(&AuditContext::system(), &email_user("buyer@example.cn"))
        .await
        .unwrap();
    (org, user)
}

fn listing_spec(patent: &str, price_model: &str) -> ListingSpec {
    ListingSpec::parse(&ListingForm {
        title: format!("{patent} 技术转让"),
        patents: patent.into(),
        mode: "transfer".into(),
        price_model: price_model.into(),
        price_yuan: "80000".into(),
        problem: "问题".into(),
        advantages: "优势".into(),
        trl: "5".into(),
        scenarios: "场景".into(),
        industry: "new_energy".into(),
        broker_name: "王老师".into(),
        broker_phone: "022-27400000".into(),
        ..ListingForm::default()
    })
    .unwrap()
}

/// A listing of `org` on `patent`, published unless `draft`.
pub(super) async fn listing(
    store: &Store,
    org: i64,
    patent: &str,
    price_model: &str,
    draft: bool,
) -> i64 {
    store
        .upsert_patents(&[sample(patent, "锂电池隔膜")])
        .await
        .unwrap();
    let id = store
        .create_listing(
            &AuditContext::system(),
            org,
            &listing_spec(patent, price_model),
        )
        .await
        .unwrap();
    if !draft {
        for (from, event) in [
            (ListingState::Draft, ListingEvent::Submit),
            (ListingState::UnderReview, ListingEvent::Approve),
        ] {
            let mv = ListingMove {
                from,
                to: transition(from, None, event).unwrap(),
                event: event.as_str(),
                pause_reason: None,
                note: None,
            };
            assert!(
                store
                    .move_listing(&AuditContext::system(), id, &mv)
                    .await
                    .unwrap()
            );
        }
    }
    id
}

contract_test!(
    market_a_second_zero_price_claim_from_the_same_owner_is_refused_and_stores_nothing,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let nku = owner(&store, "南开大学").await;
        let (sme_org, user) = sme_with_member(&store).await;
        let first = listing(&store, tju, "CN1A", "zero_price_first", false).await;
        let second = listing(&store, tju, "CN2A", "zero_price_first", false).await;
        let elsewhere = listing(&store, nku, "CN3A", "zero_price_first", false).await;
        let rule = ZeroPriceRule::PerSmeAndOwner;
        let c = ctx(Some(user));

        let id = store
            .create_inquiry(&c, first, sme_org, user, "想要", rule)
            .await
            .unwrap()
            .expect("the first claim passes");
        let inquiry_notes = |store: Store| async move {
            let mut notes = store.notifications_for(&[tju], None, 50).await.unwrap();
            notes.retain(|n| n.kind == "inquiry");
            notes
        };
        let notes = inquiry_notes(store.clone()).await;
        assert_eq!(notes.len(), 1);
        assert!(notes[0].subject_zh.starts_with("新的意向："));
        assert_eq!(
            notes[0].link.as_deref(),
            Some(format!("/listings/{first}").as_str())
        );

        let before = audit_count(&store).await;
        let refusal = store
            .create_inquiry(&c, second, sme_org, user, "还想要", rule)
            .await
            .unwrap()
            .expect_err("the same owner's second zero-price patent is refused");
        assert_eq!(refusal.field, "listing");
        assert!(refusal.message.en().contains("zero-price"));
        assert_eq!(audit_count(&store).await, before, "nothing stored");
        assert!(
            store
                .inquiries_for_listing(second)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(inquiry_notes(store.clone()).await.len(), 1);

        store
            .create_inquiry(&c, elsewhere, sme_org, user, "想要", rule)
            .await
            .unwrap()
            .expect("another owner's zero-price patent passes");
        let sent = store.inquiries_of_organisation(sme_org).await.unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[1].id, id);
        assert_eq!(sent[1].zero_price_owner_id, Some(tju));
        let received = store.inquiries_to_owner(tju).await.unwrap();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].organisation_name_zh, "天津买方科技有限公司");

        // Per SME, the platform-wide rule refuses the other owner too.
        let third = listing(&store, nku, "CN4A", "zero_price_first", false).await;
        assert!(
            store
                .create_inquiry(&c, third, sme_org, user, "", ZeroPriceRule::PerSme)
                .await
                .unwrap()
                .is_err()
        );
        // An ordinary listing is not subject to the rule.
        let fixed = listing(&store, tju, "CN5A", "fixed", false).await;
        let plain = store
            .create_inquiry(&c, fixed, sme_org, user, "询价", rule)
            .await
            .unwrap()
            .unwrap();
        let all = store.inquiries_for_listing(fixed).await.unwrap();
        assert_eq!((all[0].id, all[0].zero_price_owner_id), (plain, None));
    }
);

contract_test!(
    market_an_inquiry_on_a_listing_that_is_not_published_is_refused,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let (sme_org, user) = sme_with_member(&store).await;
        let draft = listing(&store, tju, "CN1A", "fixed", true).await;
        let before = audit_count(&store).await;
        for id in [draft, 9999] {
            let refusal = store
                .create_inquiry(
                    &ctx(Some(user)),
                    id,
                    sme_org,
                    user,
                    "想要",
                    ZeroPriceRule::PerSmeAndOwner,
                )
                .await
                .unwrap()
                .unwrap_err();
            assert!(refusal.message.zh().contains("未发布"));
        }
        assert_eq!(audit_count(&store).await, before);
        assert!(store.inquiries_to_owner(tju).await.unwrap().is_empty());
    }
);

contract_test!(
    market_favourites_are_idempotent_and_removable,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let (_, user) = sme_with_member(&store).await;
        let a = listing(&store, tju, "CN1A", "fixed", false).await;
        let b = listing(&store, tju, "CN2A", "fixed", false).await;
        let c = ctx(Some(user));
        assert!(store.add_favourite(&c, user, a).await.unwrap());
        let before = audit_count(&store).await;
        assert!(
            !store.add_favourite(&c, user, a).await.unwrap(),
            "already a favourite"
        );
        assert_eq!(
            audit_count(&store).await,
            before,
            "a repeat changes nothing"
        );
        assert!(store.add_favourite(&c, user, b).await.unwrap());
        let mut ids = store.favourite_ids(user).await.unwrap();
        ids.sort();
        assert_eq!(ids, vec![a, b]);
        assert!(store.remove_favourite(&c, user, a).await.unwrap());
        assert!(!store.remove_favourite(&c, user, a).await.unwrap());
        assert_eq!(store.favourite_ids(user).await.unwrap(), vec![b]);
    }
);

fn package_spec(items: Vec<(i64, Option<Fen>)>, pricing: PackagePricing) -> PackageSpec {
    PackageSpec {
        title: "新能源专利包".into(),
        theme: "锂电池".into(),
        industry: patentbridge_domain::listing::Industry::NewEnergy,
        description: String::new(),
        pricing,
        items,
    }
}

contract_test!(
    market_a_package_with_a_draft_listing_or_missing_item_prices_is_refused_and_stores_nothing,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let a = listing(&store, tju, "CN1A", "fixed", false).await;
        let draft = listing(&store, tju, "CN2A", "fixed", true).await;
        let c = ctx(None);
        let before = audit_count(&store).await;
        let refusal = store
            .create_package(
                &c,
                tju,
                &package_spec(
                    vec![(a, None), (draft, None)],
                    PackagePricing::Bundle(Fen::from_yuan(1000)),
                ),
            )
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(refusal.field, "listing_ids");
        let refusal = store
            .create_package(
                &c,
                tju,
                &package_spec(
                    vec![(a, Some(Fen::from_yuan(5))), (draft, None)],
                    PackagePricing::PerItem,
                ),
            )
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(refusal.field, "item_prices");
        assert_eq!(audit_count(&store).await, before, "nothing stored");
        assert!(
            store
                .packages(&PackageFilter::default())
                .await
                .unwrap()
                .is_empty()
        );
    }
);

contract_test!(
    market_a_package_is_created_as_a_draft_published_once_and_closed,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let a = listing(&store, tju, "CN1A", "fixed", false).await;
        let b = listing(&store, tju, "CN2A", "fixed", false).await;
        let c = ctx(None);
        let id = store
            .create_package(
                &c,
                tju,
                &package_spec(
                    vec![(b, Some(Fen::from_yuan(3))), (a, Some(Fen::from_yuan(4)))],
                    PackagePricing::PerItem,
                ),
            )
            .await
            .unwrap()
            .unwrap();
        let p = store.package(id).await.unwrap().unwrap();
        assert_eq!(p.state, PackageState::Draft);
        assert_eq!(
            p.items.iter().map(|i| i.listing_id).collect::<Vec<_>>(),
            vec![b, a]
        );
        assert_eq!(p.items[0].price, Some(Fen::from_yuan(3)));
        assert_eq!(p.curator_name_zh, "天津大学");
        assert!(store.publish_package(&c, id).await.unwrap());
        assert!(
            !store.publish_package(&c, id).await.unwrap(),
            "compare-and-set"
        );
        let published = PackageFilter {
            state: Some(PackageState::Published),
            curator: None,
        };
        assert_eq!(store.packages(&published).await.unwrap().len(), 1);
        assert!(store.close_package(&c, id).await.unwrap());
        assert!(!store.close_package(&c, id).await.unwrap());
        assert!(store.packages(&published).await.unwrap().is_empty());
        let mine = PackageFilter {
            state: None,
            curator: Some(tju),
        };
        assert_eq!(
            store.packages(&mine).await.unwrap()[0].state,
            PackageState::Closed
        );
    }
);
