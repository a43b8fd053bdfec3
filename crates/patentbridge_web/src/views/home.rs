//! The home page: the big search box and the headline figures of the catalogue.

use maud::{Markup, html};
use patentbridge_storage::CatalogueStats;

use super::{Nav, layout, search_form};
use crate::i18n::labels;
use crate::i18n::{Ctx, applicant_type_label, jurisdiction_label};
use crate::search_params::encode;

/// Example searches a first-time visitor can click.
const EXAMPLES: [&str; 3] = ["压力传感器", "锂离子电池", "\"neural network\""];

pub fn page(ctx: &Ctx, stats: &CatalogueStats) -> Markup {
    let content = html! {
        section class="hero" {
            h1 { (ctx.say(labels::HOME_HEADLINE)) }
            p class="lead" { (ctx.say(labels::HOME_INTRO)) }
            (search_form(ctx, "", true))
            p class="help" { (ctx.say(labels::SEARCH_HELP)) }
            p class="examples" {
                (ctx.say(labels::EXAMPLES)) " "
                @for ex in EXAMPLES {
                    a class="chip" href={ "/search?q=" (encode(ex)) } { (ex) }
                    " "
                }
            }
        }
        @if stats.patents == 0 {
            p class="notice" { (ctx.say(labels::CATALOGUE_EMPTY)) }
        } @else {
            section class="stats" aria-label=(ctx.say(labels::STAT_PATENTS)) {
                div class="stat-cards" {
                    div class="stat-card" {
                        span class="stat-value" { (group_digits(stats.patents)) }
                        span class="stat-label" { (ctx.say(labels::STAT_PATENTS)) }
                    }
                    div class="stat-card" {
                        span class="stat-value" { (group_digits(stats.in_force)) }
                        span class="stat-label" { (ctx.say(labels::STAT_IN_FORCE)) }
                    }
                    @if stats.ipc_titles > 0 {
                        div class="stat-card" {
                            span class="stat-value" { (group_digits(stats.ipc_titles)) }
                            span class="stat-label" { (ctx.say(labels::STAT_IPC_TITLES)) }
                        }
                    }
                }
                div class="stat-lists" {
                    div class="stat-list" {
                        h2 { (ctx.say(labels::BY_APPLICANT_TYPE)) }
                        ul {
                            @for (value, n) in &stats.by_applicant_type {
                                li {
                                    a href={ "/search?applicant_type=" (encode(value)) } {
                                        (ctx.say(applicant_type_label(value)))
                                    }
                                    span class="count" { (group_digits(*n)) }
                                }
                            }
                        }
                    }
                    div class="stat-list" {
                        h2 { (ctx.say(labels::BY_JURISDICTION)) }
                        ul {
                            @for (value, n) in stats.by_jurisdiction.iter().take(10) {
                                li {
                                    a href={ "/search?jurisdiction=" (encode(value)) } {
                                        (ctx.say(jurisdiction_label(value)))
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
