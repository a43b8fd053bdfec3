//! The indicator system: three dimensions, level-2 groups, level-3
//! indicators, each with its definition, its scale and how it is measured.

use crate::status::still_registered;
use crate::{LegalStatus, PatentType, RegisterEventKind, Text, text};

use super::{Facts, Measured, Reading, SeiFact, remaining_years};

/// Level 1: the dimensions of GB/T 42748-2023.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Legal,
    Technical,
    Economic,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [Dimension::Legal, Dimension::Technical, Dimension::Economic];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Legal => "legal",
            Dimension::Technical => "technical",
            Dimension::Economic => "economic",
        }
    }
    pub fn label(self) -> Text {
        match self {
            Dimension::Legal => Text::new("法律维度", "Legal"),
            Dimension::Technical => Text::new("技术维度", "Technical"),
            Dimension::Economic => Text::new("经济维度", "Economic"),
        }
    }
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Level 2: the groups of indicators within a dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Stability,
    Scope,
    TermAndTerritory,
    Advancement,
    Applicability,
    Maturity,
    Policy,
    MarketRecord,
}

impl Group {
    pub fn dimension(self) -> Dimension {
        match self {
            Group::Stability | Group::Scope | Group::TermAndTerritory => Dimension::Legal,
            Group::Advancement | Group::Applicability | Group::Maturity => Dimension::Technical,
            Group::Policy | Group::MarketRecord => Dimension::Economic,
        }
    }
    pub fn label(self) -> Text {
        match self {
            Group::Stability => Text::new("权利稳定性", "Stability of the right"),
            Group::Scope => Text::new("保护范围", "Scope of protection"),
            Group::TermAndTerritory => Text::new("保护期限与地域", "Term and territory"),
            Group::Advancement => Text::new("技术先进性", "Advancement"),
            Group::Applicability => Text::new("适用范围", "Applicability"),
            Group::Maturity => Text::new("技术成熟度", "Maturity"),
            Group::Policy => Text::new("政策适应性", "Policy fit"),
            Group::MarketRecord => Text::new("市场交易与需求", "Market record and demand"),
        }
    }
}

/// Level 3: the indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Indicator {
    LegalStatus,
    Challenges,
    Encumbrance,
    PatentType,
    Claims,
    IndependentClaims,
    RemainingTerm,
    Family,
    Citations,
    FieldRecency,
    IpcBreadth,
    Readiness,
    StrategicIndustry,
    RegisterTransactions,
    PlatformDeals,
    DemandSignals,
}

impl Indicator {
    pub const ALL: [Indicator; 16] = [
        Indicator::LegalStatus,
        Indicator::Challenges,
        Indicator::Encumbrance,
        Indicator::PatentType,
        Indicator::Claims,
        Indicator::IndependentClaims,
        Indicator::RemainingTerm,
        Indicator::Family,
        Indicator::Citations,
        Indicator::FieldRecency,
        Indicator::IpcBreadth,
        Indicator::Readiness,
        Indicator::StrategicIndustry,
        Indicator::RegisterTransactions,
        Indicator::PlatformDeals,
        Indicator::DemandSignals,
    ];

    /// The stored code, e.g. `legal.remaining_term`.
    pub fn code(self) -> &'static str {
        match self {
            Indicator::LegalStatus => "legal.status",
            Indicator::Challenges => "legal.challenges",
            Indicator::Encumbrance => "legal.encumbrance",
            Indicator::PatentType => "legal.patent_type",
            Indicator::Claims => "legal.claims",
            Indicator::IndependentClaims => "legal.independent_claims",
            Indicator::RemainingTerm => "legal.remaining_term",
            Indicator::Family => "legal.family",
            Indicator::Citations => "technical.citations",
            Indicator::FieldRecency => "technical.field_recency",
            Indicator::IpcBreadth => "technical.ipc_breadth",
            Indicator::Readiness => "technical.readiness",
            Indicator::StrategicIndustry => "economic.strategic_industry",
            Indicator::RegisterTransactions => "economic.register_transactions",
            Indicator::PlatformDeals => "economic.platform_deals",
            Indicator::DemandSignals => "economic.demand_signals",
        }
    }

    pub fn parse(raw: &str) -> Option<Indicator> {
        Self::ALL.into_iter().find(|i| i.code() == raw.trim())
    }

    pub fn group(self) -> Group {
        match self {
            Indicator::LegalStatus | Indicator::Challenges | Indicator::Encumbrance => {
                Group::Stability
            }
            Indicator::PatentType | Indicator::Claims | Indicator::IndependentClaims => {
                Group::Scope
            }
            Indicator::RemainingTerm | Indicator::Family => Group::TermAndTerritory,
            Indicator::Citations | Indicator::FieldRecency => Group::Advancement,
            Indicator::IpcBreadth => Group::Applicability,
            Indicator::Readiness => Group::Maturity,
            Indicator::StrategicIndustry => Group::Policy,
            Indicator::RegisterTransactions
            | Indicator::PlatformDeals
            | Indicator::DemandSignals => Group::MarketRecord,
        }
    }

    pub fn dimension(self) -> Dimension {
        self.group().dimension()
    }

    pub fn label(self) -> Text {
        match self {
            Indicator::LegalStatus => Text::new("法律状态", "Legal status"),
            Indicator::Challenges => Text::new("无效与保全", "Invalidation and preservation"),
            Indicator::Encumbrance => Text::new("权利负担", "Encumbrances"),
            Indicator::PatentType => Text::new("专利类型", "Patent type"),
            Indicator::Claims => Text::new("权利要求数量", "Number of claims"),
            Indicator::IndependentClaims => Text::new("独立权利要求数量", "Independent claims"),
            Indicator::RemainingTerm => Text::new("剩余保护期", "Remaining term"),
            Indicator::Family => Text::new("同族与海外布局", "Family and foreign filings"),
            Indicator::Citations => Text::new("被引证次数", "Forward citations"),
            Indicator::FieldRecency => Text::new("技术领域活跃度", "Age of the field"),
            Indicator::IpcBreadth => Text::new("IPC 覆盖广度", "IPC breadth"),
            Indicator::Readiness => Text::new("技术就绪度", "Readiness level"),
            Indicator::StrategicIndustry => {
                Text::new("战略性新兴产业", "Strategic emerging industry")
            }
            Indicator::RegisterTransactions => {
                Text::new("登记的许可与转让", "Registered licences and transfers")
            }
            Indicator::PlatformDeals => Text::new("平台成交", "Deals on the platform"),
            Indicator::DemandSignals => Text::new("需求信号", "Demand signals"),
        }
    }

    /// What the indicator measures.
    pub fn definition(self) -> Text {
        match self {
            Indicator::LegalStatus => Text::new(
                "专利当前的法律状态，由著录项目与登记簿事项确定。",
                "The patent's legal status now, from the record and the register.",
            ),
            Indicator::Challenges => Text::new(
                "登记簿上的无效宣告与财产保全事项；仍在保全中的专利权存在处分限制。",
                "Invalidation and property-preservation entries in the register; a right still under preservation cannot be freely disposed of.",
            ),
            Indicator::Encumbrance => Text::new(
                "尚未解除的质押登记（出质后转让或许可须经质权人同意，《民法典》第四百四十四条）。",
                "An unreleased pledge (transfer or licence then needs the pledgee's consent, Civil Code art. 444).",
            ),
            Indicator::PatentType => Text::new(
                "发明经实质审查，权利较实用新型、外观设计稳定。",
                "An invention is examined in substance and more stable than a utility model or design.",
            ),
            Indicator::Claims => Text::new(
                "权利要求总项数，反映保护层次。",
                "The number of claims, the layers of protection.",
            ),
            Indicator::IndependentClaims => Text::new(
                "不引用其他权利要求的独立权利要求项数，反映保护主题的多少。",
                "Claims that refer to no other claim: the subjects protected.",
            ),
            Indicator::RemainingTerm => Text::new(
                "自今日至保护期届满的年数（发明20年、实用新型10年、外观设计15年，自申请日起，《专利法》第四十二条）。",
                "Years from today to the end of the term (invention 20, utility model 10, design 15 years from filing, Patent Law art. 42).",
            ),
            Indicator::Family => Text::new(
                "同族专利数量；同族数减一视为在其他国家或地区的申请。",
                "The size of the patent family; family size minus one counts as filings abroad.",
            ),
            Indicator::Citations => {
                Text::new("被在后专利引证的次数。", "How often later patents cite it.")
            }
            Indicator::FieldRecency => Text::new(
                "平台目录中同一 IPC 小类专利申请年份的中位数距今的年数，领域越新越活跃。",
                "Years since the median filing year of the catalogue's patents in the same IPC subclass: a younger field is more active.",
            ),
            Indicator::IpcBreadth => Text::new(
                "专利涉及的不同 IPC 小类数，反映可应用的技术领域广度。",
                "The distinct IPC subclasses the patent spans: how widely it applies.",
            ),
            Indicator::Readiness => Text::new(
                "挂牌信息中按 GB/T 22900-2022 填报的技术就绪度（1–9 级）。",
                "The readiness level (1–9, GB/T 22900-2022) its listing states.",
            ),
            Indicator::StrategicIndustry => Text::new(
                "按国家知识产权局《战略性新兴产业分类与国际专利分类参照关系表（2021）》，专利的 IPC 是否属于战略性新兴产业。",
                "Whether its IPC codes fall in a strategic emerging industry by CNIPA's 2021 concordance of that classification with the IPC.",
            ),
            Indicator::RegisterTransactions => Text::new(
                "登记簿上的许可合同备案与权利转移次数，说明已被市场接受。",
                "Licence filings and transfers in the register: proof the market has taken it.",
            ),
            Indicator::PlatformDeals => Text::new(
                "本平台上签约及以后阶段的交易与开放许可实施数。",
                "Deals on this platform that reached signing, and open licences accepted.",
            ),
            Indicator::DemandSignals => Text::new(
                "本平台上的询价、收藏及达到推送阈值的企业需求匹配数。",
                "Inquiries, favourites and needs matched at the push threshold on this platform.",
            ),
        }
    }

    /// How a value becomes a score from 0 to 100.
    pub fn scale(self) -> Text {
        match self {
            Indicator::LegalStatus => Text::new(
                "有权 100；审中 50；失效、无效、届满、撤回 0",
                "in force 100; pending 50; lapsed, invalid, expired, withdrawn 0",
            ),
            Indicator::Challenges => Text::new(
                "无相关事项 100；曾有保全或无效事项已解除 70；保全中 20",
                "none 100; released or past entries 70; under preservation 20",
            ),
            Indicator::Encumbrance => Text::new(
                "无未解除质押 100；质押中 40",
                "no pledge in effect 100; pledged 40",
            ),
            Indicator::PatentType => Text::new(
                "发明 100；植物新品种 70；实用新型 60；外观设计 50",
                "invention 100; plant variety 70; utility model 60; design 50",
            ),
            Indicator::Claims => {
                Text::new("30 + 每项 7 分，最高 100", "30 + 7 per claim, at most 100")
            }
            Indicator::IndependentClaims => Text::new(
                "1 项 50；2 项 75；3 项以上 100",
                "1: 50; 2: 75; 3 or more: 100",
            ),
            Indicator::RemainingTerm => Text::new(
                "剩余年数 ÷ 15 × 100，最高 100",
                "years left ÷ 15 × 100, at most 100",
            ),
            Indicator::Family => Text::new(
                "1 件 30；2 件 50；3–4 件 70；5 件以上 100",
                "1: 30; 2: 50; 3–4: 70; 5 or more: 100",
            ),
            Indicator::Citations => Text::new(
                "0 次 20；1–2 次 45；3–5 次 65；6–10 次 80；10 次以上 100",
                "0: 20; 1–2: 45; 3–5: 65; 6–10: 80; over 10: 100",
            ),
            Indicator::FieldRecency => Text::new(
                "3 年以内 100，至 20 年线性降至 0",
                "100 up to 3 years, falling evenly to 0 at 20 years",
            ),
            Indicator::IpcBreadth => Text::new(
                "1 个小类 40；2 个 65；3 个 85；4 个以上 100",
                "1 subclass: 40; 2: 65; 3: 85; 4 or more: 100",
            ),
            Indicator::Readiness => Text::new("等级 ÷ 9 × 100", "level ÷ 9 × 100"),
            Indicator::StrategicIndustry => Text::new(
                "仅按 IPC 即属于 100；属于限定产品的条目 70；不属于 30",
                "in by IPC alone 100; in a product-limited entry 70; outside 30",
            ),
            Indicator::RegisterTransactions => Text::new(
                "0 次 30；1 次 70；2 次以上 100",
                "0: 30; 1: 70; 2 or more: 100",
            ),
            Indicator::PlatformDeals => Text::new(
                "0 笔 30；1 笔 75；2 笔以上 100",
                "0: 30; 1: 75; 2 or more: 100",
            ),
            Indicator::DemandSignals => Text::new(
                "0 个 20；1–2 个 50；3–5 个 75；5 个以上 100",
                "0: 20; 1–2: 50; 3–5: 75; over 5: 100",
            ),
        }
    }
}

fn known(value: Text, score: u8) -> Reading {
    Reading::Known { value, score }
}

fn unknown(why: Text) -> Reading {
    Reading::Unknown { why }
}

/// Counts the claims and the independent ones in a claims text: claims are
/// numbered paragraphs (`1.`, `1、`, `2.` …); a claim is dependent when it
/// refers to another (根据权利要求 / 如权利要求 / according to claim …).
pub fn count_claims(claims: &str) -> (usize, usize) {
    let mut starts: Vec<usize> = Vec::new();
    let mut expected = 1usize;
    let bytes: Vec<char> = claims.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let at_start = i == 0 || bytes[i - 1].is_whitespace() || "。;；".contains(bytes[i - 1]);
        if at_start && bytes[i].is_ascii_digit() {
            let mut j = i;
            let mut n = 0usize;
            while j < bytes.len() && bytes[j].is_ascii_digit() && j - i < 4 {
                n = n * 10 + bytes[j].to_digit(10).unwrap_or(0) as usize;
                j += 1;
            }
            if n == expected && j < bytes.len() && ".、．)）".contains(bytes[j]) {
                starts.push(i);
                expected += 1;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if starts.is_empty() {
        return if claims.trim().is_empty() {
            (0, 0)
        } else {
            (1, 1)
        };
    }
    let mut independent = 0;
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(bytes.len());
        let body: String = bytes[s..end].iter().collect();
        let lower = body.to_lowercase();
        let dependent = ["根据权利要求", "如权利要求", "按照权利要求", "依据权利要求"]
            .iter()
            .any(|p| body.contains(p))
            || [
                "according to claim",
                "as claimed in claim",
                "of claim",
                "in claim",
            ]
            .iter()
            .any(|p| lower.contains(p));
        if !dependent {
            independent += 1;
        }
    }
    (starts.len(), independent)
}

fn count_events(facts: &Facts, kinds: &[RegisterEventKind]) -> i64 {
    facts
        .events
        .iter()
        .filter(|e| kinds.contains(&e.kind))
        .count() as i64
}

const SRC_PLATFORM: Text = Text::new("本平台记录", "This platform's records");

pub(super) fn measure_one(indicator: Indicator, facts: &Facts) -> Measured {
    let (reading, source) = match indicator {
        Indicator::LegalStatus => {
            let score = match facts.legal_status {
                LegalStatus::InForce => Some(100),
                LegalStatus::Pending => Some(50),
                LegalStatus::Lapsed
                | LegalStatus::Invalidated
                | LegalStatus::Expired
                | LegalStatus::Withdrawn => Some(0),
                LegalStatus::Unknown => None,
            };
            let reading = match score {
                Some(s) => known(facts.legal_status.label(), s),
                None => unknown(Text::new(
                    "来源数据未给出法律状态",
                    "the source gives no legal status",
                )),
            };
            (
                reading,
                Text::new(
                    "著录项目与登记簿：法律状态",
                    "Record and register: legal status",
                ),
            )
        }
        Indicator::Challenges => {
            let preserved = still_registered(
                &facts.events,
                RegisterEventKind::Preservation,
                RegisterEventKind::PreservationRelease,
            );
            let past = count_events(
                facts,
                &[
                    RegisterEventKind::Preservation,
                    RegisterEventKind::Invalidation,
                ],
            );
            let reading = if preserved {
                known(Text::new("财产保全中", "under property preservation"), 20)
            } else if past > 0 {
                known(
                    text!(
                        "{past} 项无效或保全事项，均已了结",
                        "{past} invalidation or preservation entries, all closed"
                    ),
                    70,
                )
            } else {
                known(Text::new("无", "none"), 100)
            };
            (reading, Text::new("专利登记簿", "Patent register"))
        }
        Indicator::Encumbrance => {
            let pledged = still_registered(
                &facts.events,
                RegisterEventKind::Pledge,
                RegisterEventKind::PledgeRelease,
            );
            let reading = if pledged {
                known(Text::new("质押中", "pledged"), 40)
            } else {
                known(Text::new("无未解除质押", "no pledge in effect"), 100)
            };
            (
                reading,
                Text::new("专利登记簿：质押登记", "Patent register: pledges"),
            )
        }
        Indicator::PatentType => {
            let score = match facts.patent_type {
                PatentType::Invention => 100,
                PatentType::Plant => 70,
                PatentType::UtilityModel => 60,
                PatentType::Design => 50,
            };
            let label = match facts.patent_type {
                PatentType::Invention => Text::new("发明", "invention"),
                PatentType::UtilityModel => Text::new("实用新型", "utility model"),
                PatentType::Design => Text::new("外观设计", "design"),
                PatentType::Plant => Text::new("植物新品种", "plant variety"),
            };
            (
                known(label, score),
                Text::new("专利著录项目：专利类型", "Patent record: type"),
            )
        }
        Indicator::Claims | Indicator::IndependentClaims => {
            let source = Text::new("专利著录项目：权利要求书", "Patent record: claims");
            match facts.claims.as_deref().filter(|c| !c.trim().is_empty()) {
                None => (
                    unknown(Text::new(
                        "来源数据不含权利要求书",
                        "the source has no claims",
                    )),
                    source,
                ),
                Some(c) => {
                    let (all, independent) = count_claims(c);
                    let reading = if indicator == Indicator::Claims {
                        let score = (30 + 7 * all).min(100) as u8;
                        known(text!("{all} 项", "{all} claims"), score)
                    } else {
                        let score = match independent {
                            0 | 1 => 50,
                            2 => 75,
                            _ => 100,
                        };
                        known(
                            text!("{independent} 项", "{independent} independent claims"),
                            score,
                        )
                    };
                    (reading, source)
                }
            }
        }
        Indicator::RemainingTerm => {
            let source = Text::new(
                "专利著录项目：申请日与专利类型（《专利法》第四十二条）",
                "Patent record: filing date and type (Patent Law art. 42)",
            );
            match remaining_years(facts) {
                None => (
                    unknown(Text::new(
                        "来源数据未给出申请日",
                        "the source gives no filing date",
                    )),
                    source,
                ),
                Some(years) => {
                    let score = ((years / 15.0) * 100.0).round().clamp(0.0, 100.0) as u8;
                    (
                        known(text!("{years:.1} 年", "{years:.1} years"), score),
                        source,
                    )
                }
            }
        }
        Indicator::Family => {
            let source = Text::new("专利著录项目：同族", "Patent record: family");
            match facts.family_size {
                None => (
                    unknown(Text::new(
                        "来源数据未给出同族信息",
                        "the source gives no family",
                    )),
                    source,
                ),
                Some(n) => {
                    let n = n.max(1);
                    let score = match n {
                        1 => 30,
                        2 => 50,
                        3 | 4 => 70,
                        _ => 100,
                    };
                    let abroad = n - 1;
                    (
                        known(
                            text!(
                                "同族 {n} 件，境外 {abroad} 件",
                                "family of {n}, {abroad} abroad"
                            ),
                            score,
                        ),
                        source,
                    )
                }
            }
        }
        Indicator::Citations => {
            let source = Text::new("专利著录项目：被引证", "Patent record: cited by");
            match facts.cited_by {
                None => (
                    unknown(Text::new(
                        "来源数据未给出被引证次数",
                        "the source gives no citations",
                    )),
                    source,
                ),
                Some(n) => {
                    let score = match n {
                        i64::MIN..=0 => 20,
                        1..=2 => 45,
                        3..=5 => 65,
                        6..=10 => 80,
                        _ => 100,
                    };
                    (known(text!("{n} 次", "{n} citations"), score), source)
                }
            }
        }
        Indicator::FieldRecency => {
            let source = Text::new(
                "平台专利目录：同一 IPC 小类",
                "Catalogue: the same IPC subclass",
            );
            match &facts.field {
                None => (
                    unknown(Text::new(
                        "无 IPC 分类或目录中无同领域申请",
                        "no IPC code, or no filings of the field in the catalogue",
                    )),
                    source,
                ),
                Some(f) => {
                    use chrono::Datelike;
                    let age = (facts.today.year() - f.median_year).max(0);
                    let score = if age <= 3 {
                        100
                    } else {
                        (100.0 * (20.0 - f64::from(age)) / 17.0)
                            .round()
                            .clamp(0.0, 100.0) as u8
                    };
                    let (sub, filings, year) = (&f.subclass, f.filings, f.median_year);
                    (
                        known(
                            text!(
                                "{sub}：{filings} 件，申请年中位数 {year}（{age} 年前）",
                                "{sub}: {filings} filings, median year {year} ({age} years ago)"
                            ),
                            score,
                        ),
                        source,
                    )
                }
            }
        }
        Indicator::IpcBreadth => {
            let source = Text::new("专利著录项目：IPC 分类号", "Patent record: IPC codes");
            let mut subclasses: Vec<&str> = facts.ipc.iter().filter_map(|c| c.subclass()).collect();
            subclasses.sort_unstable();
            subclasses.dedup();
            match subclasses.len() {
                0 => (
                    unknown(Text::new(
                        "来源数据未给出 IPC 分类号",
                        "the source gives no IPC code",
                    )),
                    source,
                ),
                n => {
                    let score = match n {
                        1 => 40,
                        2 => 65,
                        3 => 85,
                        _ => 100,
                    };
                    let list = subclasses.join(", ");
                    (
                        known(
                            text!("{n} 个小类（{list}）", "{n} subclasses ({list})"),
                            score,
                        ),
                        source,
                    )
                }
            }
        }
        Indicator::Readiness => {
            let source = Text::new("挂牌信息：技术就绪度", "Listing: readiness level");
            match facts.readiness {
                None => (
                    unknown(Text::new(
                        "未挂牌或挂牌未填报就绪度",
                        "not listed, or the listing states no readiness level",
                    )),
                    source,
                ),
                Some(trl) => {
                    let score = (f64::from(trl.level()) / 9.0 * 100.0).round() as u8;
                    (known(trl.label(), score), source)
                }
            }
        }
        Indicator::StrategicIndustry => {
            let source = Text::new(
                "国家知识产权局《战略性新兴产业分类与国际专利分类参照关系表（2021）》",
                "CNIPA concordance of strategic emerging industries with the IPC (2021)",
            );
            let reading = match &facts.sei {
                SeiFact::NotLoaded => unknown(Text::new(
                    "参照关系表尚未载入（patentbridge load-sei）",
                    "the concordance is not loaded (patentbridge load-sei)",
                )),
                SeiFact::Outside => known(Text::new("不属于", "outside"), 30),
                SeiFact::Inside {
                    branches,
                    keyword_qualified,
                } => {
                    let list = branches.join("、");
                    if *keyword_qualified {
                        known(
                            text!(
                                "{list}（限定产品的条目）",
                                "{list} (a product-limited entry)"
                            ),
                            70,
                        )
                    } else {
                        known(Text::same(list), 100)
                    }
                }
            };
            (reading, source)
        }
        Indicator::RegisterTransactions => {
            let n = count_events(
                facts,
                &[
                    RegisterEventKind::LicenceFiling,
                    RegisterEventKind::Transfer,
                ],
            );
            let score = match n {
                0 => 30,
                1 => 70,
                _ => 100,
            };
            (
                known(text!("{n} 次", "{n}"), score),
                Text::new(
                    "专利登记簿：许可备案与权利转移",
                    "Register: licence filings and transfers",
                ),
            )
        }
        Indicator::PlatformDeals => {
            let (d, o) = (facts.platform.deals_concluded, facts.platform.open_licences);
            let n = d + o;
            let score = match n {
                0 => 30,
                1 => 75,
                _ => 100,
            };
            (
                known(
                    text!(
                        "交易 {d} 笔，开放许可 {o} 笔",
                        "{d} deals, {o} open licences"
                    ),
                    score,
                ),
                SRC_PLATFORM,
            )
        }
        Indicator::DemandSignals => {
            let p = facts.platform;
            let n = p.demand_signals();
            let score = match n {
                0 => 20,
                1..=2 => 50,
                3..=5 => 75,
                _ => 100,
            };
            let (i, f, m) = (p.inquiries, p.favourites, p.matched_needs);
            (
                known(
                    text!(
                        "询价 {i}，收藏 {f}，匹配需求 {m}",
                        "{i} inquiries, {f} favourites, {m} matched needs"
                    ),
                    score,
                ),
                SRC_PLATFORM,
            )
        }
    };
    Measured {
        indicator,
        reading,
        source,
    }
}
