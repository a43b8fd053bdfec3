//! The dormant-patent pool (沉睡专利池), one code path for the pages and the
//! JSON API: screening the acting organisation's stock, proposing
//! candidates, the intake steps, the pool's summary and bulk intake from the
//! university upload template.

use std::path::PathBuf;

use chrono::NaiveDate;
use patentbridge_domain::listing::Industry;
use patentbridge_domain::policy::Action;
use patentbridge_domain::pool::{
    DormancyFacts, DormancyRules, IntakeState, IntakeStep, Reason, Verdict,
};
use patentbridge_domain::{FieldError, OrganisationKind, Patent, PatentNumber, Text, text};
use patentbridge_storage::{
    NewPoolEntry, OrganisationRecord, PoolEntryFilter, PoolEntryRecord, PoolSource, PoolStepRecord,
    PoolSummary, StockPatent,
};

use crate::organisations::load_for;
use crate::{App, Caller, Error};

/// Entries per page of the intake list.
pub const PER_PAGE: i64 = 50;

/// The organisation the caller acts for in the pool: the one named, or
/// else their first membership of a university, institute or SOE, checked
/// for `action`. A caller with no such membership is refused (403).
pub async fn acting_organisation(
    app: &App,
    caller: &Caller,
    requested: Option<i64>,
    action: Action,
) -> Result<OrganisationRecord, Error> {
    crate::organisations::acting_for(
        app,
        caller,
        requested,
        OrganisationKind::is_patent_source,
        action,
        Text::new(
            "仅高校、科研院所和国有企业的成员可管理专利池",
            "only members of a university, research institute or SOE manage the pool",
        ),
    )
    .await
}

/// One screened patent: its facts, the verdict with every reason, and the
/// industry guessed from its first IPC code.
#[derive(Debug, Clone)]
pub struct Screened {
    pub patent: StockPatent,
    pub verdict: Verdict,
    pub industry: Industry,
}

/// The screening of an organisation's stock.
#[derive(Debug, Clone)]
pub struct Screening {
    pub organisation: OrganisationRecord,
    pub idle_years: u32,
    pub today: NaiveDate,
    pub dormant: Vec<Screened>,
    pub others: Vec<Screened>,
}

/// Parses the idle period: empty is the default (3), else 1 to 20 years.
pub fn parse_idle_years(raw: Option<&str>) -> Result<DormancyRules, Error> {
    let rules = DormancyRules::default();
    let raw = raw.map(str::trim).unwrap_or("");
    if raw.is_empty() {
        return Ok(rules);
    }
    raw.parse::<u32>()
        .ok()
        .and_then(|n| rules.with_idle_years(n).ok())
        .ok_or_else(|| {
            Error::field(
                "idle_years",
                "闲置年限应为 1 到 20 之间的整数",
                "the idle period is a whole number of years from 1 to 20",
            )
        })
}

/// Screens a stock with the rules as of `today`.
pub fn screen_stock(
    org: &OrganisationRecord,
    stock: Vec<StockPatent>,
    rules: &DormancyRules,
    today: NaiveDate,
) -> (Vec<Screened>, Vec<Screened>) {
    let mut dormant = Vec::new();
    let mut others = Vec::new();
    for patent in stock {
        let verdict = patentbridge_domain::pool::screen(
            rules,
            &DormancyFacts {
                owner_kind: org.kind,
                legal_status: patent.legal_status,
                grant_date: patent.grant_date,
                events: &patent.events,
                listed: patent.listed || patent.pooled,
                product_filings: &[],
            },
            today,
        );
        let industry = patent
            .ipc
            .as_ref()
            .map_or(Industry::Other, Industry::from_ipc);
        let s = Screened {
            patent,
            verdict,
            industry,
        };
        if s.verdict.dormant {
            dormant.push(s);
        } else {
            others.push(s);
        }
    }
    (dormant, others)
}

/// Screens the stock of the organisation named (or the caller's first
/// source) as of today (ManagePool).
pub async fn screening(
    app: &App,
    caller: &Caller,
    organisation: Option<i64>,
    idle_years: Option<&str>,
) -> Result<Screening, Error> {
    let rules = parse_idle_years(idle_years)?;
    let org = acting_organisation(app, caller, organisation, Action::ManagePool).await?;
    let today = app.today();
    let stock = app.store.pool_stock(org.id).await?;
    let (dormant, others) = screen_stock(&org, stock, &rules, today);
    Ok(Screening {
        organisation: org,
        idle_years: rules.idle_years,
        today,
        dormant,
        others,
    })
}

/// Proposes patents (by number) of the acting organisation for the pool.
/// Each must be held by it and dormant under the rules; one already in an
/// open entry is 409 naming it. Nothing is stored unless all pass.
pub async fn propose(
    app: &App,
    caller: &Caller,
    organisation: Option<i64>,
    numbers: &[String],
    idle_years: Option<&str>,
) -> Result<Vec<i64>, Error> {
    let screening = screening(app, caller, organisation, idle_years).await?;
    if numbers.is_empty() {
        return Err(Error::field(
            "patents",
            "请至少选择一件专利",
            "choose at least one patent",
        ));
    }
    let mut entries = Vec::with_capacity(numbers.len());
    let mut errors = Vec::new();
    for raw in numbers {
        let Ok(number) = PatentNumber::parse(raw) else {
            errors.push(FieldError::new(
                "patents",
                format!("“{raw}”不是有效的专利号"),
                format!("{raw:?} is not a patent number"),
            ));
            continue;
        };
        let number = number.to_string();
        let find = |list: &[Screened]| {
            list.iter()
                .find(|s| s.patent.number == number)
                .map(|s| (s.patent.clone(), s.verdict.clone(), s.industry))
        };
        match (find(&screening.dormant), find(&screening.others)) {
            (Some((patent, verdict, industry)), _) => entries.push(NewPoolEntry {
                patent_id: patent.patent_id,
                reasons: verdict.reasons,
                industry: industry.as_str().to_string(),
            }),
            (None, Some((patent, _, _))) if patent.pooled => {
                return Err(Error::Conflict(text!(
                    "{number} 已在入池流程中",
                    "{number} is already in an open pool entry"
                )));
            }
            (None, Some((_, verdict, _))) => {
                let failed: Vec<_> = verdict.reasons.iter().filter(|r| !r.holds).collect();
                errors.push(FieldError::new(
                    "patents",
                    format!(
                        "{number} 不符合沉睡专利条件：{}",
                        failed
                            .iter()
                            .map(|r| r.text.zh())
                            .collect::<Vec<_>>()
                            .join("；")
                    ),
                    format!(
                        "{number} is not dormant: {}",
                        failed
                            .iter()
                            .map(|r| r.text.en())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ));
            }
            (None, None) => errors.push(FieldError::new(
                "patents",
                format!("{number} 不是本机构持有的专利"),
                format!("{number} is not held by the organisation"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let org = screening.organisation.id;
    Ok(app
        .store
        .propose_pool_entries(&caller.audit_for(org), org, PoolSource::Screening, &entries)
        .await?)
}

/// Parses an intake step name.
pub fn parse_step(raw: &str) -> Result<IntakeStep, Error> {
    IntakeStep::parse(raw).map_err(|_| {
        Error::field(
            "step",
            "未知的审核操作（可选 department_approve、office_approve、reject）",
            "unknown step (department_approve, office_approve or reject)",
        )
    })
}

/// Parses an entry state filter; empty is none.
pub fn parse_state(raw: Option<&str>) -> Result<Option<IntakeState>, Error> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => IntakeState::parse(s).map(Some).map_err(|_| {
            Error::field(
                "state",
                "未知的状态（可选 proposed、department_approved、pooled、rejected）",
                "unknown state (proposed, department_approved, pooled or rejected)",
            )
        }),
    }
}

/// Takes one step on an entry: the department step and rejection need
/// ManagePool on the entry's organisation, the office's approval
/// ApprovePoolIntake. A step the entry's state does not allow is 409; a
/// rejection needs a note.
pub async fn step(
    app: &App,
    caller: &Caller,
    entry_id: i64,
    step: IntakeStep,
    note: Option<&str>,
) -> Result<IntakeState, Error> {
    caller.signed_in_user()?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if step == IntakeStep::Reject && note.is_none() {
        return Err(Error::field(
            "note",
            "不予入池须说明理由",
            "say why the patent is rejected",
        ));
    }
    let Some((entry, _)) = app.store.get_pool_entry(entry_id).await? else {
        return Err(no_entry(entry_id));
    };
    let action = match step {
        IntakeStep::OfficeApprove => Action::ApprovePoolIntake,
        _ => Action::ManagePool,
    };
    load_for(app, caller, entry.organisation_id, action).await?;
    let to = entry.state.apply(step).map_err(|_| {
        Error::Conflict(Text::owned(
            format!(
                "{} 当前为“{}”，不能执行“{}”",
                entry.number,
                entry.state.label().zh(),
                step.label().zh()
            ),
            format!(
                "{}: the entry is {}; {} is not allowed now",
                entry.number,
                entry.state.as_str(),
                step.as_str()
            ),
        ))
    })?;
    if app
        .store
        .advance_pool_entry(
            &caller.audit_for(entry.organisation_id),
            entry_id,
            entry.state,
            to,
            step,
            note,
        )
        .await?
    {
        Ok(to)
    } else {
        Err(Error::Conflict(Text::new(
            "条目已被他人处理，请刷新",
            "the entry changed meanwhile; reload and try again",
        )))
    }
}

/// The acting organisation's entries in a state, a page at a time (1-based).
pub async fn entries(
    app: &App,
    caller: &Caller,
    filter_state: Option<IntakeState>,
    page: i64,
) -> Result<(OrganisationRecord, Vec<PoolEntryRecord>), Error> {
    let org = acting_organisation(app, caller, None, Action::ManagePool).await?;
    let list = app
        .store
        .list_pool_entries(&PoolEntryFilter {
            organisation_id: Some(org.id),
            state: filter_state,
            limit: PER_PAGE,
            offset: (page.clamp(1, 10_000) - 1) * PER_PAGE,
        })
        .await?;
    Ok((org, list))
}

/// One entry with its history, for members of its organisation.
pub async fn entry(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(PoolEntryRecord, Vec<PoolStepRecord>), Error> {
    caller.signed_in_user()?;
    let Some((entry, steps)) = app.store.get_pool_entry(id).await? else {
        return Err(no_entry(id));
    };
    load_for(app, caller, entry.organisation_id, Action::ManagePool).await?;
    Ok((entry, steps))
}

fn no_entry(id: i64) -> Error {
    Error::NotFound(text!("没有入池条目 {id}", "no pool entry {id}"))
}

/// The stock of the organisation named (or the caller's first source):
/// every patent it holds with the facts screening reads (ManagePool).
pub async fn stock(
    app: &App,
    caller: &Caller,
    organisation: Option<i64>,
) -> Result<(OrganisationRecord, Vec<StockPatent>), Error> {
    let org = acting_organisation(app, caller, organisation, Action::ManagePool).await?;
    let stock = app.store.pool_stock(org.id).await?;
    Ok((org, stock))
}

/// The pool against its target, by owner and industry: public figures.
pub async fn summary(app: &App) -> Result<PoolSummary, Error> {
    Ok(app.store.pool_summary().await?)
}

/// How many of the organisation's entries are in each intake state, for
/// those who manage its pool.
pub async fn state_counts(
    app: &App,
    caller: &Caller,
    organisation_id: i64,
) -> Result<Vec<(IntakeState, i64)>, Error> {
    load_for(app, caller, organisation_id, Action::ManagePool).await?;
    Ok(app.store.pool_state_counts(organisation_id).await?)
}

/// One refused row of an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRejection {
    /// The 1-based line (CSV) or row (workbook).
    pub row: u64,
    pub reason: Text,
}

/// What a bulk intake did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadResult {
    /// Every row was read: the patents are stored and proposed.
    Proposed(usize),
    /// Some rows were refused: nothing is stored.
    Refused(Vec<UploadRejection>),
}

/// Reads an upload-template file (CSV or XLSX by its name), checks every
/// row, and only when all pass stores the patents and proposes them all
/// (source `upload`). A refused row stores nothing.
pub async fn upload(
    app: &App,
    caller: &Caller,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<UploadResult, Error> {
    let org = acting_organisation(app, caller, None, Action::ManagePool).await?;
    // Loading records into the shared catalogue is the office's (a
    // manager's) job, as for `import`.
    caller.require(
        Action::ImportPatents,
        &crate::organisations::resource_of(&org),
    )?;
    if bytes.is_empty() {
        return Err(Error::field("file", "请选择文件", "choose a file"));
    }
    let workbook = file_name.to_ascii_lowercase().ends_with(".xlsx")
        || file_name.to_ascii_lowercase().ends_with(".xlsm");
    let read = tokio::task::spawn_blocking(move || read_template(bytes, workbook)).await??;
    let mut rejections = Vec::new();
    let mut patents: Vec<Patent> = Vec::new();
    let names: Vec<&str> = std::iter::once(org.name_zh.as_str())
        .chain(org.name_en.as_deref())
        .collect();
    let stock = app.store.pool_stock(org.id).await?;
    for (row, result) in read {
        match result {
            Err(reason) => rejections.push(UploadRejection { row, reason }),
            Ok(p) => {
                let number = p.number.to_string();
                if !p
                    .applicants
                    .iter()
                    .any(|a| names.contains(&a.name.as_str()))
                {
                    rejections.push(UploadRejection {
                        row,
                        reason: Text::owned(
                            format!("{number}：申请人中没有“{}”", org.name_zh),
                            format!("{number}: no applicant is the organisation"),
                        ),
                    });
                } else if patents.iter().any(|q| q.number == p.number) {
                    rejections.push(UploadRejection {
                        row,
                        reason: text!(
                            "{number}：文件中重复",
                            "{number}: appears twice in the file"
                        ),
                    });
                } else if !stock.iter().any(|s| s.number == number)
                    && app.store.get_patent(&number).await?.is_some()
                {
                    // An upload never rewrites a record someone else holds.
                    rejections.push(UploadRejection {
                        row,
                        reason: text!(
                            "{number}：专利库中该专利的权利人不是本单位",
                            "{number}: is in the catalogue under another holder"
                        ),
                    });
                } else if stock.iter().any(|s| s.number == number && s.pooled) {
                    rejections.push(UploadRejection {
                        row,
                        reason: text!(
                            "{number}：已在入池流程中",
                            "{number}: is already in an open pool entry"
                        ),
                    });
                } else {
                    patents.push(p);
                }
            }
        }
    }
    if patents.is_empty() && rejections.is_empty() {
        return Err(Error::field(
            "file",
            "文件中没有专利",
            "the file holds no patents",
        ));
    }
    if !rejections.is_empty() {
        return Ok(UploadResult::Refused(rejections));
    }
    app.store.upsert_patents(&patents).await?;
    app.notifier.index_changed();
    let stock = app.store.pool_stock(org.id).await?;
    let entries: Vec<NewPoolEntry> = patents
        .iter()
        .filter_map(|p| {
            let number = p.number.to_string();
            let s = stock.iter().find(|s| s.number == number)?;
            Some(NewPoolEntry {
                patent_id: s.patent_id,
                reasons: vec![Reason::new(true, "批量上传", "bulk upload")],
                industry: s
                    .ipc
                    .as_ref()
                    .map_or(Industry::Other, Industry::from_ipc)
                    .as_str()
                    .to_string(),
            })
        })
        .collect();
    if entries.len() != patents.len() {
        return Err(Error::internal(
            "bulk intake",
            "some uploaded patents are not held by the organisation after the import",
        ));
    }
    let ids = app
        .store
        .propose_pool_entries(
            &caller.audit_for(org.id),
            org.id,
            PoolSource::Upload,
            &entries,
        )
        .await?;
    Ok(UploadResult::Proposed(ids.len()))
}

/// One row of an upload: its line or row number and its patent or reason.
type TemplateRow = (u64, Result<Patent, Text>);

/// Writes the upload to a temporary file and reads it with the template
/// reader: each row's number and its patent or reason.
fn read_template(bytes: Vec<u8>, workbook: bool) -> Result<Vec<TemplateRow>, Error> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path: PathBuf = std::env::temp_dir().join(format!(
        "patentbridge-upload-{}-{n}.{}",
        std::process::id(),
        if workbook { "xlsx" } else { "csv" }
    ));
    // `create_new` refuses a file (or link) already at that name.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes));
    written.map_err(|e| Error::internal(format!("writing {}", path.display()), e))?;
    let read = patentbridge_ingest::template::read(&path).map(|stream| {
        stream
            .records
            .map(|o| (o.location.position, o.result))
            .collect::<Vec<_>>()
    });
    let _ = std::fs::remove_file(&path);
    read.map_err(|e| {
        // The reason without the server's temporary path.
        let reason = e.to_string().replace(&path.display().to_string(), "");
        Error::field(
            "file",
            format!("无法读取文件：{reason}"),
            format!("the file cannot be read: {reason}"),
        )
    })
}
