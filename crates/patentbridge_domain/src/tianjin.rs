//! Facts about Tianjin that the plan names: its districts (GB/T 2260), and the
//! universities, institutes and operation centres of the programme.

use crate::Text;

/// A district of Tianjin.
#[derive(Debug, Clone, Copy)]
pub struct District {
    pub code: u32,
    pub name_zh: &'static str,
    /// The name without its 区 suffix, as written in short addresses.
    pub short_zh: &'static str,
    pub name_en: &'static str,
}

impl District {
    pub fn name(&self) -> Text {
        Text::new(self.name_zh, self.name_en)
    }
}

pub const DISTRICTS: &[District] = &[
    District {
        code: 120101,
        name_zh: "和平区",
        short_zh: "和平",
        name_en: "Heping District",
    },
    District {
        code: 120102,
        name_zh: "河东区",
        short_zh: "河东",
        name_en: "Hedong District",
    },
    District {
        code: 120103,
        name_zh: "河西区",
        short_zh: "河西",
        name_en: "Hexi District",
    },
    District {
        code: 120104,
        name_zh: "南开区",
        short_zh: "南开区",
        name_en: "Nankai District",
    },
    District {
        code: 120105,
        name_zh: "河北区",
        short_zh: "河北区",
        name_en: "Hebei District",
    },
    District {
        code: 120106,
        name_zh: "红桥区",
        short_zh: "红桥",
        name_en: "Hongqiao District",
    },
    District {
        code: 120110,
        name_zh: "东丽区",
        short_zh: "东丽",
        name_en: "Dongli District",
    },
    District {
        code: 120111,
        name_zh: "西青区",
        short_zh: "西青",
        name_en: "Xiqing District",
    },
    District {
        code: 120112,
        name_zh: "津南区",
        short_zh: "津南",
        name_en: "Jinnan District",
    },
    District {
        code: 120113,
        name_zh: "北辰区",
        short_zh: "北辰",
        name_en: "Beichen District",
    },
    District {
        code: 120114,
        name_zh: "武清区",
        short_zh: "武清",
        name_en: "Wuqing District",
    },
    District {
        code: 120115,
        name_zh: "宝坻区",
        short_zh: "宝坻",
        name_en: "Baodi District",
    },
    District {
        code: 120116,
        name_zh: "滨海新区",
        short_zh: "滨海",
        name_en: "Binhai New Area",
    },
    District {
        code: 120117,
        name_zh: "宁河区",
        short_zh: "宁河",
        name_en: "Ninghe District",
    },
    District {
        code: 120118,
        name_zh: "静海区",
        short_zh: "静海",
        name_en: "Jinghai District",
    },
    District {
        code: 120119,
        name_zh: "蓟州区",
        short_zh: "蓟州",
        name_en: "Jizhou District",
    },
];

/// A university or institute named by the plan as a source (策源地).
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub district: u32,
    pub is_university: bool,
}

/// The 13 source institutions (策源地) the plan lists, plus two more Tianjin
/// universities with large patent stocks, making the 15 the demo seeds.
pub const SOURCES: &[Source] = &[
    Source {
        name_zh: "天津大学",
        name_en: "Tianjin University",
        district: 120104,
        is_university: true,
    },
    Source {
        name_zh: "南开大学",
        name_en: "Nankai University",
        district: 120104,
        is_university: true,
    },
    Source {
        name_zh: "中国民航大学",
        name_en: "Civil Aviation University of China",
        district: 120110,
        is_university: true,
    },
    Source {
        name_zh: "天津工业大学",
        name_en: "Tiangong University",
        district: 120111,
        is_university: true,
    },
    Source {
        name_zh: "天津科技大学",
        name_en: "Tianjin University of Science and Technology",
        district: 120116,
        is_university: true,
    },
    Source {
        name_zh: "河北工业大学",
        name_en: "Hebei University of Technology",
        district: 120113,
        is_university: true,
    },
    Source {
        name_zh: "天津理工大学",
        name_en: "Tianjin University of Technology",
        district: 120111,
        is_university: true,
    },
    Source {
        name_zh: "天津师范大学",
        name_en: "Tianjin Normal University",
        district: 120111,
        is_university: true,
    },
    Source {
        name_zh: "天津职业大学",
        name_en: "Tianjin Vocational Institute",
        district: 120113,
        is_university: true,
    },
    Source {
        name_zh: "清华大学天津高端装备研究院",
        name_en: "Tsinghua University Tianjin Research Institute for Advanced Equipment",
        district: 120110,
        is_university: false,
    },
    Source {
        name_zh: "浙江大学滨海产业技术研究院",
        name_en: "Zhejiang University Binhai Industrial Technology Research Institute",
        district: 120116,
        is_university: false,
    },
    Source {
        name_zh: "武汉大学天津空间信息研究院",
        name_en: "Wuhan University Tianjin Institute of Spatial Information",
        district: 120116,
        is_university: false,
    },
    Source {
        name_zh: "天津先进技术研究院",
        name_en: "Tianjin Advanced Technology Research Institute",
        district: 120116,
        is_university: false,
    },
    Source {
        name_zh: "天津医科大学",
        name_en: "Tianjin Medical University",
        district: 120101,
        is_university: true,
    },
    Source {
        name_zh: "天津中医药大学",
        name_en: "Tianjin University of Traditional Chinese Medicine",
        district: 120112,
        is_university: true,
    },
];

/// An operation centre of the plan.
#[derive(Debug, Clone, Copy)]
pub struct OperationCentre {
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

/// The four industry operation centres.
pub const INDUSTRY_CENTRES: &[OperationCentre] = &[
    OperationCentre {
        name_zh: "天津市汽车产业知识产权运营中心",
        name_en: "Tianjin Automotive Industry IP Operation Centre",
    },
    OperationCentre {
        name_zh: "天津市合成生物产业知识产权运营中心",
        name_en: "Tianjin Synthetic Biology Industry IP Operation Centre",
    },
    OperationCentre {
        name_zh: "天津市信息安全产业知识产权运营中心",
        name_en: "Tianjin Information Security Industry IP Operation Centre",
    },
    OperationCentre {
        name_zh: "天津市动力电池产业知识产权运营中心",
        name_en: "Tianjin Power Battery Industry IP Operation Centre",
    },
];

/// The ten featured operation centres ("N").
pub const FEATURED_CENTRES: &[OperationCentre] = &[
    OperationCentre {
        name_zh: "天津国际生物医药联合研究院知识产权运营中心",
        name_en: "Tianjin International Joint Academy of Biomedicine IP Operation Centre",
    },
    OperationCentre {
        name_zh: "天津爱思达航天科技有限公司航空航天知识产权运营中心",
        name_en: "Tianjin Aisida Aerospace IP Operation Centre",
    },
    OperationCentre {
        name_zh: "渤化集团化工新材料知识产权运营中心",
        name_en: "Bohai Chemical Group New Chemical Materials IP Operation Centre",
    },
    OperationCentre {
        name_zh: "华明高新区医疗器械知识产权运营中心",
        name_en: "Huaming High-tech Zone Medical Devices IP Operation Centre",
    },
    OperationCentre {
        name_zh: "企兴科易知识产权运营中心",
        name_en: "Qixing Keyi IP Operation Centre",
    },
    OperationCentre {
        name_zh: "中知在线知识产权运营中心",
        name_en: "Zhongzhi Online IP Operation Centre",
    },
    OperationCentre {
        name_zh: "中知厚德知识产权运营中心",
        name_en: "Zhongzhi Houde IP Operation Centre",
    },
    OperationCentre {
        name_zh: "天津玺名知识产权运营中心",
        name_en: "Tianjin Ximing IP Operation Centre",
    },
    OperationCentre {
        name_zh: "钻瓜科技知识产权运营中心",
        name_en: "Zuangua Technology IP Operation Centre",
    },
    OperationCentre {
        name_zh: "天元生产力知识产权运营中心",
        name_en: "Tianyuan Productivity IP Operation Centre",
    },
];
