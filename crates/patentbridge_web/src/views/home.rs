//! The home page: the big search box and the headline figures of the catalogue.

use maud::{Markup, html};
use patentbridge_storage::CatalogueStats;

use super::{Nav, layout, search_form};
use crate::i18n::{Ctx, applicant_type_label, jurisdiction_label};
use crate::search_params::encode;

/// Example searches a first-time visitor can click.
const EXAMPLES: [&str; 3] = ["压力传感器", "锂离子电池", "\"neural network\""];

pub fn page(ctx: &Ctx, stats: &CatalogueStats) -> Markup {
    let t = ctx.t();
    let content = html! {
        section class="hero" {
            h1 { (t.home_headline) }
            p class="lead" { (t.home_intro) }
            (search_form(ctx, "", true))
            p class="help" { (t.search_help) }
            p class="examples" {
                (t.examples) " "
                @for ex in EXAMPLES {
                    a class="chip" href={ "/search?q=" (encode(ex)) } { (ex) }
                    " "
                }
            }
        }
        @if stats.patents == 0 {
            p class="notice" { (t.catalogue_empty) }
        } @else {
            section class="stats" aria-label=(t.stat_patents) {
                div class="stat-cards" {
                    div class="stat-card" {
                        span class="stat-value" { (group_digits(stats.patents)) }
                        span class="stat-label" { (t.stat_patents) }
                    }
                    div class="stat-card" {
                        span class="stat-value" { (group_digits(stats.in_force)) }
                        span class="stat-label" { (t.stat_in_force) }
                    }
                    @if stats.ipc_titles > 0 {
                        div class="stat-card" {
                            span class="stat-value" { (group_digits(stats.ipc_titles)) }
                            span class="stat-label" { (t.stat_ipc_titles) }
                        }
                    }
                }
                div class="stat-lists" {
                    div class="stat-list" {
                        h2 { (t.by_applicant_type) }
                        ul {
                            @for (value, n) in &stats.by_applicant_type {
                                li {
                                    a href={ "/search?applicant_type=" (encode(value)) } {
                                        (applicant_type_label(ctx.lang, value))
                                    }
                                    span class="count" { (group_digits(*n)) }
                                }
                            }
                        }
                    }
                    div class="stat-list" {
                        h2 { (t.by_jurisdiction) }
                        ul {
                            @for (value, n) in stats.by_jurisdiction.iter().take(10) {
                                li {
                                    a href={ "/search?jurisdiction=" (encode(value)) } {
                                        (jurisdiction_label(ctx.lang, value))
                                    }
                                    span class="count" { (group_digits(*n)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, "", Nav::Home, content)
}

/// `1,234,567`: easier to read at a glance than a bare run of digits.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn large_counts_are_grouped_by_thousands() {
        assert_eq!(super::group_digits(1234567), "1,234,567");
        assert_eq!(super::group_digits(999), "999");
        assert_eq!(super::group_digits(0), "0");
    }
}
