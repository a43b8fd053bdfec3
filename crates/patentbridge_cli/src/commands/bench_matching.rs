//! `bench matching`: build a matching index over a generated catalogue and
//! time realistic demand texts against it, printed as figures (never
//! asserted in tests).

use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::ProgressBar;
use patentbridge_domain::listing::Industry;
use patentbridge_matching::{Document, MatchIndex, Method, Query};

use crate::commands::progress_style;

/// Demands as a small or medium enterprise would write them, some with the
/// IPC code and industry a broker would add.
const DEMANDS: &[(&str, Option<&str>, Option<&str>)] = &[
    (
        "我们需要一种降低锂电池热失控风险的电池管理方法，用于电动叉车",
        Some("H01M10/44"),
        Some("new_energy_vehicles"),
    ),
    (
        "寻求高精度压力传感器的温度补偿与校准技术，用于工业管道监测",
        Some("G01L9/00"),
        None,
    ),
    (
        "希望引进基于深度学习的产品表面缺陷视觉检测系统，替代人工质检",
        Some("G06T7/00"),
        Some("information_technology"),
    ),
    (
        "需要耐高温、耐腐蚀的复合涂层材料及其制备工艺，用于化工反应釜",
        None,
        Some("new_materials"),
    ),
    (
        "寻找光伏组件清洗机器人技术，适合西北地区大型电站",
        Some("H02S40/10"),
        Some("new_energy"),
    ),
    (
        "我公司生产污水处理设备，需要高效去除氨氮的生物处理工艺",
        Some("C02F3/30"),
        Some("energy_saving"),
    ),
    ("需要一种农业无人机的精准变量喷洒控制方法", None, None),
    (
        "寻求锂离子电池正极材料的改性技术，提高循环寿命和倍率性能",
        Some("H01M4/525"),
        None,
    ),
    (
        "希望获得工业机器人关节减速器的高精度装配与检测技术",
        Some("B25J9/10"),
        Some("high_end_equipment"),
    ),
    (
        "需要低功耗物联网无线传感节点及数据采集网关方案",
        None,
        Some("information_technology"),
    ),
    (
        "寻找用于新能源汽车的永磁同步电机控制算法，降低转矩脉动",
        Some("H02P21/00"),
        None,
    ),
    (
        "需要可降解塑料包装材料的配方和生产工艺",
        None,
        Some("new_materials"),
    ),
    (
        "希望引进中药有效成分提取纯化技术，提高收率",
        Some("A61K36/00"),
        Some("biotechnology"),
    ),
    ("需要一种建筑垃圾再生骨料混凝土的制备方法", None, None),
    (
        "寻求数控机床刀具磨损在线监测与寿命预测技术",
        Some("B23Q17/09"),
        None,
    ),
    (
        "需要锅炉烟气余热回收利用装置，降低能耗",
        None,
        Some("energy_saving"),
    ),
    (
        "寻求基于区块链的供应链金融数据可信共享方法",
        Some("G06Q40/00"),
        None,
    ),
    (
        "需要储能系统的电池均衡控制电路及方法",
        Some("H02J7/00"),
        Some("new_energy"),
    ),
    ("希望找到食品中农药残留快速检测试剂和方法", None, None),
    (
        "需要一种焊接机器人焊缝跟踪的激光视觉传感技术",
        Some("B23K9/127"),
        Some("high_end_equipment"),
    ),
    (
        "寻找高强度轻量化铝合金材料及其热处理工艺，用于汽车车身",
        None,
        None,
    ),
    (
        "需要智能电网配电故障快速定位与隔离技术",
        Some("H02H7/26"),
        None,
    ),
];

fn document(p: &patentbridge_domain::Patent) -> Document {
    let mut body = p.abstract_zh.clone().unwrap_or_default();
    for k in &p.keywords {
        body.push(' ');
        body.push_str(k);
    }
    let mut industries: Vec<String> = p
        .ipc
        .iter()
        .map(|c| Industry::from_ipc(c).as_str().to_string())
        .collect();
    industries.dedup();
    Document {
        title: p.title_zh.clone().unwrap_or_default(),
        body,
        ipc: p.ipc.iter().map(|c| c.as_str().to_string()).collect(),
        industries,
    }
}

fn query(i: usize) -> Query {
    let (text, ipc, industry) = DEMANDS[i % DEMANDS.len()];
    Query {
        text: text.to_string(),
        ipc: ipc.map(str::to_string).into_iter().collect(),
        industries: industry.map(str::to_string).into_iter().collect(),
    }
}

/// The process's peak resident memory (`VmHWM`), as the kernel reports it.
fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().to_string())
}

pub fn bench_matching(count: usize, queries: usize) -> Result<()> {
    println!("bench matching: {count} generated patents, {queries} queries per method");
    println!(
        "machine: {} logical CPUs",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let started = Instant::now();
    let docs: Vec<Document> = patentbridge_demo::catalogue::generate(count, 42)
        .map(|p| document(&p))
        .collect();
    let generate = started.elapsed();
    let chars: usize = docs
        .iter()
        .map(|d| d.title.chars().count() + d.body.chars().count())
        .sum();

    let bar = ProgressBar::new(count as u64)
        .with_style(progress_style("tokenise [{bar:40}] {pos}/{len} {per_sec}"));
    let started = Instant::now();
    let index = MatchIndex::build_with_progress(docs, |n| bar.set_position(n as u64));
    bar.finish_and_clear();
    let build = started.elapsed();

    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| patents | {count} ({:.0} text chars each on average) |",
        chars as f64 / count.max(1) as f64
    );
    println!("| generate | {:.1} s |", generate.as_secs_f64());
    println!(
        "| build matching index | {:.1} s, {:.0} docs/s |",
        build.as_secs_f64(),
        count as f64 / build.as_secs_f64().max(1e-9)
    );
    println!(
        "| index memory (estimate) | {:.0} MB |",
        index.memory_bytes() as f64 / 1e6
    );
    println!(
        "| peak RSS (VmHWM) | {} |",
        peak_rss().unwrap_or_else(|| "unknown".into())
    );

    for method in [Method::Hybrid, Method::Bm25] {
        let mut latencies: Vec<Duration> = Vec::with_capacity(queries);
        let mut found = 0usize;
        for i in 0..queries {
            let q = query(i);
            let t = Instant::now();
            let results = index.retrieve(&q, method, 50);
            latencies.push(t.elapsed());
            found += results.len();
        }
        latencies.sort();
        if latencies.is_empty() {
            continue;
        }
        let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "| {} top 50: p50 / p99 / max | {:.2} / {:.2} / {:.2} ms ({} queries, {:.0} results each) |",
            method.name(),
            ms(pct(0.50)),
            ms(pct(0.99)),
            latencies.last().map_or(0.0, |&d| ms(d)),
            latencies.len(),
            found as f64 / latencies.len() as f64
        );
    }
    Ok(())
}
