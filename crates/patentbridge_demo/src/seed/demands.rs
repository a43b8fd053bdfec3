//! The demo's technology needs: verified SMEs post realistic needs across
//! the strategic industries through their own staff accounts, most
//! published (and matched at once, which stores their matches and pushes
//! the strong ones to both inboxes), one kept as a draft and one already
//! matched; a few recommendations are rated so the operation centres'
//! pipeline shows feedback.

use patentbridge_app::{App, Caller, demands};
use patentbridge_domain::OrganisationKind;
use patentbridge_domain::demand::{DemandEvent, DemandForm, FeedbackReason};

use super::accounts;
use super::organisations::verified_of;
use crate::{Context, SeedError};

/// (title, problem, product, industry, budget max in yuan, modes)
const NEEDS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "锂电池热失控预警",
        "电动叉车锂电池在高温仓库中容易热失控，需要能提前预警的电池管理方法和传感器方案",
        "电动叉车电池包",
        "new_energy_vehicles",
        "500000",
        "transfer,ordinary_licence",
    ),
    (
        "压力传感器快速校准",
        "产线上的压力传感器校准步骤繁琐、耗时长，希望缩短校准时间并提高一致性",
        "工业压力变送器",
        "high_end_equipment",
        "300000",
        "",
    ),
    (
        "图像识别缺陷检测",
        "钢板表面缺陷靠人工目检，漏检率高，需要基于图像识别的自动检测系统",
        "冷轧钢板质检线",
        "information_technology",
        "800000",
        "ordinary_licence,exclusive_licence",
    ),
    (
        "污水处理降低能耗",
        "工业园区污水处理曝气能耗高，需要节能的生物处理工艺",
        "园区污水处理站",
        "energy_saving",
        "1000000",
        "",
    ),
    (
        "光伏组件清洗机器人",
        "分布式光伏屋顶组件积灰，人工清洗成本高，希望用机器人自动清洗",
        "屋顶光伏运维",
        "new_energy",
        "400000",
        "transfer",
    ),
    (
        "可降解包装材料",
        "外卖餐盒需要可降解、耐热的高分子材料配方",
        "一次性餐盒",
        "new_materials",
        "600000",
        "",
    ),
    (
        "数控机床主轴振动抑制",
        "高速切削时主轴振动导致加工精度下降，需要振动监测与抑制方法",
        "五轴数控机床",
        "high_end_equipment",
        "",
        "sole_licence,ordinary_licence",
    ),
    (
        "储能电站电池均衡",
        "储能电站电池一致性差，需要主动均衡控制电路和算法",
        "储能电池柜",
        "new_energy",
        "2000000",
        "",
    ),
    (
        "农产品冷链温度监测",
        "冷链运输中温度记录不全，需要低功耗无线温度传感与数据上传方案",
        "冷藏车温控终端",
        "information_technology",
        "150000",
        "open_licence,ordinary_licence",
    ),
    (
        "医用导管表面涂层",
        "导管插入时摩擦大，需要亲水润滑涂层技术",
        "一次性医用导管",
        "biotechnology",
        "900000",
        "transfer,equity",
    ),
];

/// Seeds the needs once (needs already published leave this alone);
/// returns how many were written.
pub(super) async fn seed(
    app: &App,
    admin: &Caller,
    password: &str,
) -> Result<Option<usize>, SeedError> {
    if !demands::published(app, admin, 1)
        .await
        .step(|| "the published needs".into())?
        .is_empty()
    {
        return Ok(None);
    }
    let smes = verified_of(app, admin, OrganisationKind::Sme).await?;
    if smes.is_empty() {
        return Ok(Some(0));
    }
    let sme1 = accounts::caller(app, admin, "sme1").await?;
    let sme2 = accounts::caller(app, admin, "sme2").await?;
    let deadline = (app.today() + chrono::Days::new(180)).to_string();
    let mut written = 0;
    for (i, (title, problem, product, industry, budget, modes)) in NEEDS.iter().enumerate() {
        let sme = &smes[i % smes.len()];
        // sme1 and sme2 post for the first two SMEs; the others' staff for theirs.
        let poster = match i % smes.len() {
            0 if sme1.is_some() => sme1.clone(),
            1 if sme2.is_some() => sme2.clone(),
            _ => None,
        };
        let poster = match poster {
            Some(c) => c,
            None => accounts::sme_staff(app, admin, sme.id, &sme.name_zh, password).await?,
        };
        let form = DemandForm {
            title: title.to_string(),
            problem: problem.to_string(),
            product: product.to_string(),
            industry: industry.to_string(),
            budget_max_yuan: budget.to_string(),
            modes: modes
                .split(',')
                .filter(|m| !m.is_empty())
                .map(String::from)
                .collect(),
            deadline: deadline.clone(),
            district: sme
                .region
                .map(|r| r.value().to_string())
                .unwrap_or_default(),
            ..DemandForm::default()
        };
        // The last need stays a draft; the rest are published and matched.
        let publish = i + 1 < NEEDS.len();
        let id = demands::create(app, &poster, Some(sme.id), &form, publish)
            .await
            .step(|| format!("need {title}"))?;
        written += 1;
        if !publish {
            continue;
        }
        // A couple of ratings, so the pipeline has feedback to show.
        if i % 3 == 0 {
            let view = demands::demand_view(app, &poster, id)
                .await
                .step(|| format!("matches of need {title}"))?;
            if let Some(first) = view.matches.first() {
                let reason = if i % 2 == 0 {
                    FeedbackReason::Relevant
                } else {
                    FeedbackReason::TooExpensive
                };
                demands::rate(app, &poster, first.match_id, reason, None)
                    .await
                    .step(|| format!("rating a match of need {title}"))?;
            }
        }
        if i == 1 {
            demands::apply_event(app, &poster, id, DemandEvent::Match, None)
                .await
                .step(|| format!("need {title} matched"))?;
        }
    }
    Ok(Some(written))
}
