//! The demo catalogue's vocabulary: ten technology themes with their
//! bilingual terms, IPC codes and effects, Chinese names, the banks and
//! courts of register events, and the invented companies of Tianjin's
//! districts. Data only; [`super`] composes records from it.

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/// A Chinese term and its English rendering.
pub(super) type Bi = (&'static str, &'static str);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Software,
    Material,
    Bio,
    Device,
}

pub(super) struct Theme {
    pub(super) field: Bi,
    pub(super) kind: Kind,
    pub(super) ipc: &'static [&'static str],
    pub(super) bases: &'static [Bi],
    pub(super) subjects: &'static [Bi],
    pub(super) devices: &'static [Bi],
    pub(super) problems: &'static [Bi],
    pub(super) parts: &'static [Bi],
    pub(super) steps: &'static [Bi],
    /// A measure, and whether the invention raises (true) or lowers it.
    pub(super) effects: &'static [(&'static str, &'static str, bool)],
    pub(super) uses: &'static [Bi],
    pub(super) keywords: &'static [&'static str],
}

pub(super) const IT: usize = 0;
pub(super) const MAT: usize = 1;
pub(super) const BIO: usize = 2;
pub(super) const EQP: usize = 3;
pub(super) const AUTO: usize = 4;
pub(super) const BAT: usize = 5;
pub(super) const SYN: usize = 6;
pub(super) const AERO: usize = 7;
pub(super) const MED: usize = 8;
pub(super) const CHEM: usize = 9;
pub(super) const ALL_THEMES: &[usize] = &[IT, MAT, BIO, EQP, AUTO, BAT, SYN, AERO, MED, CHEM];

pub(super) const THEMES: [Theme; 10] = [
    Theme {
        field: ("新一代信息技术", "new-generation information technology"),
        kind: Kind::Software,
        ipc: &[
            "G06F21/62",
            "H04L9/40",
            "H04L9/08",
            "G06F21/55",
            "H04L67/12",
            "G06N3/08",
            "G06F16/27",
            "H04L9/32",
        ],
        bases: &[
            ("联邦学习", "federated learning"),
            ("区块链", "blockchain"),
            ("图神经网络", "graph neural networks"),
            ("国密SM4算法", "the SM4 cipher"),
            ("零信任架构", "zero-trust architecture"),
            ("深度强化学习", "deep reinforcement learning"),
            ("同态加密", "homomorphic encryption"),
        ],
        subjects: &[
            ("数据隐私保护", "data privacy protection"),
            ("网络入侵检测", "network intrusion detection"),
            (
                "工业控制系统安全防护",
                "industrial control system security protection",
            ),
            ("身份认证", "identity authentication"),
            ("恶意代码识别", "malicious code identification"),
            ("数据跨域共享", "cross-domain data sharing"),
            ("日志异常检测", "log anomaly detection"),
        ],
        devices: &[
            ("网络安全隔离装置", "network security isolation device"),
            ("加密数据存储终端", "encrypted data storage terminal"),
            ("边缘计算安全网关", "secure edge computing gateway"),
        ],
        problems: &[
            (
                "数据孤岛严重、隐私泄露风险高",
                "severe data silos and a high risk of privacy leakage",
            ),
            (
                "检测准确率低、误报率高",
                "low detection accuracy and a high false alarm rate",
            ),
            (
                "计算开销大、响应时延长",
                "high computational overhead and long response latency",
            ),
            (
                "难以识别未知攻击",
                "difficulty in identifying unknown attacks",
            ),
        ],
        parts: &[
            ("数据采集模块", "data acquisition module"),
            ("特征提取模块", "feature extraction module"),
            ("加密计算模块", "encrypted computation module"),
            ("异常判定模块", "anomaly decision module"),
            ("密钥管理模块", "key management module"),
            ("访问控制模块", "access control module"),
        ],
        steps: &[
            (
                "获取待检测网络流量数据并进行预处理",
                "acquiring network traffic data to be detected and preprocessing it",
            ),
            (
                "构建多维特征向量并进行归一化处理",
                "constructing and normalising multi-dimensional feature vectors",
            ),
            (
                "将特征向量输入训练好的检测模型得到异常评分",
                "feeding the feature vectors into a trained detection model to obtain anomaly scores",
            ),
            (
                "各参与方在本地训练模型并上传加密梯度",
                "each participant training a local model and uploading encrypted gradients",
            ),
            (
                "服务器对加密梯度进行安全聚合并下发全局模型",
                "the server securely aggregating the encrypted gradients and distributing a global model",
            ),
            (
                "根据异常评分与预设阈值生成告警信息",
                "generating alarm information from the anomaly scores and a preset threshold",
            ),
        ],
        effects: &[
            ("检测准确率", "detection accuracy", true),
            ("误报率", "false alarm rate", false),
            ("通信开销", "communication overhead", false),
            ("响应速度", "response speed", true),
        ],
        uses: &[
            ("政务数据共享", "government data sharing"),
            ("工业互联网", "the industrial internet"),
            ("金融风控", "financial risk control"),
        ],
        keywords: &[
            "信息安全",
            "联邦学习",
            "入侵检测",
            "隐私计算",
            "区块链",
            "深度学习",
            "密码技术",
            "工业互联网",
        ],
    },
    Theme {
        field: ("新材料", "new materials"),
        kind: Kind::Material,
        ipc: &[
            "C04B35/622",
            "C22C38/02",
            "B22F3/105",
            "C01B32/184",
            "C23C14/35",
            "B82Y30/00",
            "C22C21/00",
        ],
        bases: &[
            ("石墨烯", "graphene"),
            ("激光选区熔化", "selective laser melting"),
            ("磁控溅射", "magnetron sputtering"),
            ("溶胶-凝胶法", "the sol-gel method"),
            ("MXene", "MXene"),
            ("碳纳米管", "carbon nanotubes"),
        ],
        subjects: &[
            ("高熵合金涂层", "high-entropy alloy coating"),
            ("高强韧铝合金", "high-strength tough aluminium alloy"),
            (
                "压力传感器用导电复合薄膜",
                "conductive composite film for pressure sensors",
            ),
            (
                "耐高温陶瓷基复合材料",
                "high-temperature ceramic matrix composite",
            ),
            ("电磁屏蔽泡沫材料", "electromagnetic shielding foam"),
            ("高导热石墨膜", "high thermal conductivity graphite film"),
            ("超疏水防腐涂层", "superhydrophobic anticorrosive coating"),
        ],
        devices: &[
            ("粉末冶金用压制模具", "pressing die for powder metallurgy"),
            (
                "薄膜沉积用基片夹具",
                "substrate fixture for thin-film deposition",
            ),
            (
                "复合材料热压成型装置",
                "hot-press forming device for composites",
            ),
        ],
        problems: &[
            (
                "强度与韧性难以兼顾",
                "difficulty in combining strength with toughness",
            ),
            (
                "制备工艺复杂、成本高",
                "a complex and costly preparation process",
            ),
            (
                "高温下易氧化失效",
                "easy oxidation and failure at high temperature",
            ),
            ("界面结合力弱", "weak interfacial bonding"),
        ],
        parts: &[
            ("金属粉末", "metal powder"),
            ("石墨烯分散液", "graphene dispersion"),
            ("硅烷偶联剂", "silane coupling agent"),
            ("陶瓷颗粒", "ceramic particles"),
            ("聚二甲基硅氧烷基体", "polydimethylsiloxane matrix"),
            ("稀土元素", "rare-earth elements"),
        ],
        steps: &[
            (
                "按配比称取原料并在惰性气氛下球磨混合",
                "weighing raw materials in proportion and ball-milling them under an inert atmosphere",
            ),
            (
                "将混合粉末真空干燥后过筛",
                "vacuum-drying and sieving the mixed powder",
            ),
            (
                "将所得粉末压制成型并进行烧结",
                "pressing the obtained powder into shape and sintering it",
            ),
            (
                "在基体表面沉积过渡层和功能层",
                "depositing a transition layer and a functional layer on the substrate surface",
            ),
            (
                "对所得材料进行固溶及时效处理",
                "subjecting the obtained material to solution and ageing treatment",
            ),
            (
                "经冷却、清洗后得到目标材料",
                "obtaining the target material after cooling and washing",
            ),
        ],
        effects: &[
            ("抗拉强度", "tensile strength", true),
            ("断裂韧性", "fracture toughness", true),
            ("热导率", "thermal conductivity", true),
            ("腐蚀速率", "corrosion rate", false),
        ],
        uses: &[
            ("航空航天结构件", "aerospace structural parts"),
            ("电子器件散热", "heat dissipation of electronic devices"),
            ("海洋工程装备", "marine engineering equipment"),
        ],
        keywords: &[
            "新材料",
            "复合材料",
            "石墨烯",
            "高熵合金",
            "涂层",
            "粉末冶金",
            "热处理",
            "纳米材料",
        ],
    },
    Theme {
        field: ("生物医药", "biomedicine"),
        kind: Kind::Bio,
        ipc: &[
            "A61K31/00",
            "A61K36/00",
            "A61P35/00",
            "C07D401/12",
            "A61K9/16",
            "A61K47/69",
            "A61K39/395",
        ],
        bases: &[
            ("纳米脂质体", "nanoliposomes"),
            ("靶向递送载体", "targeted delivery carriers"),
            ("中药复方", "a traditional Chinese medicine formula"),
            ("单克隆抗体", "monoclonal antibodies"),
            ("小分子抑制剂", "small-molecule inhibitors"),
        ],
        subjects: &[
            ("抗肿瘤化合物", "anti-tumour compound"),
            ("中药组合物", "traditional Chinese medicine composition"),
            ("缓释微球制剂", "sustained-release microsphere formulation"),
            ("靶向纳米药物", "targeted nano-drug"),
            ("双特异性抗体", "bispecific antibody"),
            ("降血糖多肽", "hypoglycaemic polypeptide"),
        ],
        devices: &[
            ("药物溶出度测试装置", "drug dissolution testing device"),
            (
                "中药材粉碎装置",
                "crushing device for Chinese medicinal materials",
            ),
            ("细胞培养观察装置", "cell culture observation device"),
        ],
        problems: &[
            (
                "生物利用度低、副作用大",
                "low bioavailability and severe side effects",
            ),
            (
                "靶向性差、易产生耐药",
                "poor targeting and easy development of drug resistance",
            ),
            ("稳定性差、不易储存", "poor stability and difficult storage"),
            ("提取工艺收率低", "low yield of the extraction process"),
        ],
        parts: &[
            ("活性成分", "active ingredient"),
            ("磷脂", "phospholipid"),
            ("胆固醇", "cholesterol"),
            ("聚乳酸-羟基乙酸共聚物", "poly(lactic-co-glycolic acid)"),
            ("黄芪提取物", "Astragalus extract"),
            (
                "药学上可接受的辅料",
                "pharmaceutically acceptable excipients",
            ),
        ],
        steps: &[
            (
                "将活性成分与载体材料溶于有机溶剂中",
                "dissolving the active ingredient and the carrier material in an organic solvent",
            ),
            (
                "采用薄膜水化法制备载药脂质体",
                "preparing drug-loaded liposomes by thin-film hydration",
            ),
            (
                "经超声分散后过滤除菌",
                "ultrasonically dispersing and sterilising by filtration",
            ),
            (
                "将药材加水回流提取并浓缩",
                "extracting the herbs under reflux with water and concentrating",
            ),
            (
                "经大孔树脂纯化后冷冻干燥",
                "purifying with macroporous resin and freeze-drying",
            ),
            (
                "对所得产物进行体外细胞毒性评价",
                "evaluating the in-vitro cytotoxicity of the obtained product",
            ),
        ],
        effects: &[
            ("肿瘤抑制率", "tumour inhibition rate", true),
            ("生物利用度", "bioavailability", true),
            ("包封率", "encapsulation efficiency", true),
            ("不良反应发生率", "incidence of adverse reactions", false),
        ],
        uses: &[
            ("肿瘤治疗", "tumour therapy"),
            ("糖尿病治疗", "diabetes treatment"),
            ("慢性炎症治疗", "treatment of chronic inflammation"),
        ],
        keywords: &[
            "生物医药",
            "抗肿瘤",
            "脂质体",
            "中药",
            "缓释制剂",
            "抗体",
            "靶向递送",
            "多肽",
        ],
    },
    Theme {
        field: ("高端装备", "high-end equipment"),
        kind: Kind::Device,
        ipc: &[
            "B25J9/16",
            "B23Q17/09",
            "G05B19/418",
            "G01L1/18",
            "G01L9/06",
            "F16H1/32",
            "B23K26/38",
        ],
        bases: &[
            ("机器视觉", "machine vision"),
            ("数字孪生", "digital twins"),
            ("压阻效应", "the piezoresistive effect"),
            ("力位混合控制", "hybrid force-position control"),
            ("光纤光栅", "fibre Bragg gratings"),
        ],
        subjects: &[
            ("柔性压力传感器", "flexible pressure sensor"),
            ("工业机器人末端执行器", "industrial robot end effector"),
            (
                "数控机床刀具磨损监测装置",
                "tool wear monitoring device for CNC machine tools",
            ),
            ("MEMS压力传感器", "MEMS pressure sensor"),
            ("精密减速器", "precision reducer"),
            ("激光切割头", "laser cutting head"),
            (
                "智能产线调度系统",
                "intelligent production line scheduling system",
            ),
        ],
        devices: &[
            (
                "机械臂快换夹持装置",
                "quick-change gripping device for robotic arms",
            ),
            (
                "压力传感器封装结构",
                "packaging structure for pressure sensors",
            ),
            (
                "数控机床排屑装置",
                "chip removal device for CNC machine tools",
            ),
            (
                "工件自动上下料装置",
                "automatic workpiece loading and unloading device",
            ),
        ],
        problems: &[
            (
                "测量精度低、温漂大",
                "low measurement accuracy and large temperature drift",
            ),
            (
                "结构复杂、维护困难",
                "complex structure and difficult maintenance",
            ),
            (
                "定位精度差、效率低",
                "poor positioning accuracy and low efficiency",
            ),
            (
                "灵敏度低、量程窄",
                "low sensitivity and a narrow measuring range",
            ),
        ],
        parts: &[
            ("底座", "base"),
            ("弹性膜片", "elastic diaphragm"),
            ("敏感元件", "sensing element"),
            ("驱动电机", "drive motor"),
            ("支撑架", "support frame"),
            ("信号处理电路", "signal processing circuit"),
        ],
        steps: &[
            (
                "采集多路压力信号并进行滤波降噪",
                "acquiring multi-channel pressure signals and filtering out noise",
            ),
            (
                "对传感器输出进行温度补偿",
                "applying temperature compensation to the sensor output",
            ),
            (
                "通过视觉相机获取工件位姿信息",
                "obtaining the workpiece pose with a vision camera",
            ),
            (
                "根据位姿信息规划机械臂运动轨迹",
                "planning the robot arm trajectory from the pose information",
            ),
            (
                "实时比对实测值与设定值并调整控制参数",
                "comparing measured and set values in real time and adjusting control parameters",
            ),
        ],
        effects: &[
            ("测量精度", "measurement accuracy", true),
            ("灵敏度", "sensitivity", true),
            ("定位误差", "positioning error", false),
            ("生产效率", "production efficiency", true),
        ],
        uses: &[
            ("智能制造", "intelligent manufacturing"),
            ("工业过程监测", "industrial process monitoring"),
            ("精密加工", "precision machining"),
        ],
        keywords: &[
            "高端装备",
            "压力传感器",
            "工业机器人",
            "数控机床",
            "智能制造",
            "机器视觉",
            "减速器",
            "传感器",
        ],
    },
    Theme {
        field: ("汽车", "automotive"),
        kind: Kind::Device,
        ipc: &[
            "B60L58/12",
            "B60W30/18",
            "B62D65/00",
            "F16D65/00",
            "B60R16/023",
            "G01M17/007",
            "B60W40/105",
        ],
        bases: &[
            ("模型预测控制", "model predictive control"),
            ("多传感器融合", "multi-sensor fusion"),
            ("车路协同", "vehicle-road cooperation"),
            ("轻量化设计", "lightweight design"),
        ],
        subjects: &[
            (
                "新能源汽车热管理系统",
                "thermal management system for new energy vehicles",
            ),
            ("线控制动装置", "brake-by-wire device"),
            (
                "自动驾驶车辆换道控制系统",
                "lane-change control system for autonomous vehicles",
            ),
            ("轮胎压力传感器", "tyre pressure sensor"),
            ("电驱动桥", "electric drive axle"),
            (
                "车身铝合金连接结构",
                "aluminium alloy body connection structure",
            ),
        ],
        devices: &[
            ("汽车座椅调节装置", "car seat adjusting device"),
            (
                "车载充电机散热结构",
                "heat dissipation structure for on-board chargers",
            ),
            (
                "汽车零部件检测工装",
                "inspection fixture for automotive parts",
            ),
        ],
        problems: &[
            (
                "能耗高、续航里程短",
                "high energy consumption and short driving range",
            ),
            ("响应滞后、安全性差", "delayed response and poor safety"),
            ("装配精度低", "low assembly precision"),
            (
                "低温环境下性能衰减明显",
                "obvious performance degradation at low temperature",
            ),
        ],
        parts: &[
            ("控制单元", "control unit"),
            ("电子膨胀阀", "electronic expansion valve"),
            ("制动卡钳", "brake caliper"),
            ("转向机构", "steering mechanism"),
            ("车身支架", "body bracket"),
            ("温度传感器", "temperature sensor"),
        ],
        steps: &[
            (
                "获取车辆行驶状态及周围环境信息",
                "obtaining the vehicle driving state and surrounding environment information",
            ),
            (
                "建立车辆动力学模型并预测行驶轨迹",
                "building a vehicle dynamics model and predicting the driving trajectory",
            ),
            (
                "根据预测结果计算最优控制量",
                "computing the optimal control input from the prediction",
            ),
            (
                "将控制量发送至执行机构完成控制",
                "sending the control input to the actuators to complete the control",
            ),
        ],
        effects: &[
            ("续航里程", "driving range", true),
            ("制动响应时间", "braking response time", false),
            ("整车能耗", "vehicle energy consumption", false),
            ("控制精度", "control accuracy", true),
        ],
        uses: &[
            ("新能源汽车", "new energy vehicles"),
            ("智能网联汽车", "intelligent connected vehicles"),
            ("商用车", "commercial vehicles"),
        ],
        keywords: &[
            "汽车",
            "新能源汽车",
            "自动驾驶",
            "热管理",
            "线控制动",
            "轻量化",
            "整车控制",
            "电驱动",
        ],
    },
    Theme {
        field: ("动力电池", "power batteries"),
        kind: Kind::Material,
        ipc: &[
            "H01M10/0525",
            "H01M4/525",
            "H01M4/36",
            "H01M10/0562",
            "H01M50/409",
            "H01M10/42",
            "H01M4/62",
        ],
        bases: &[
            ("单晶高镍", "single-crystal high-nickel materials"),
            ("硅碳复合", "silicon-carbon composites"),
            ("原位聚合", "in-situ polymerisation"),
            ("固态电解质", "solid-state electrolytes"),
            ("包覆改性", "coating modification"),
        ],
        subjects: &[
            (
                "锂离子电池正极材料",
                "cathode material for lithium-ion batteries",
            ),
            ("硅基负极材料", "silicon-based anode material"),
            ("固态电解质膜", "solid electrolyte membrane"),
            (
                "钠离子电池层状氧化物正极",
                "layered oxide cathode for sodium-ion batteries",
            ),
            ("电池隔膜", "battery separator"),
            (
                "锂金属负极保护层",
                "protective layer for lithium metal anodes",
            ),
        ],
        devices: &[
            ("电池模组液冷板", "liquid cooling plate for battery modules"),
            (
                "电池包防爆泄压结构",
                "explosion-proof pressure relief structure for battery packs",
            ),
            ("电芯压力检测装置", "cell pressure detection device"),
        ],
        problems: &[
            (
                "循环稳定性差、容量衰减快",
                "poor cycling stability and rapid capacity fading",
            ),
            ("体积膨胀严重", "severe volume expansion"),
            ("离子电导率低", "low ionic conductivity"),
            ("热失控风险高", "a high risk of thermal runaway"),
        ],
        parts: &[
            ("镍钴锰前驱体", "nickel-cobalt-manganese precursor"),
            ("锂源", "lithium source"),
            ("纳米硅颗粒", "nano-silicon particles"),
            ("碳包覆层", "carbon coating layer"),
            ("聚氧化乙烯", "polyethylene oxide"),
            ("锂盐", "lithium salt"),
        ],
        steps: &[
            (
                "将前驱体与锂源按摩尔比混合均匀",
                "uniformly mixing the precursor with the lithium source in a set molar ratio",
            ),
            (
                "在氧气气氛中进行两段式高温煅烧",
                "carrying out two-stage high-temperature calcination in an oxygen atmosphere",
            ),
            (
                "采用液相法在材料表面包覆快离子导体",
                "coating the material surface with a fast-ion conductor by a liquid-phase method",
            ),
            (
                "将纳米硅与碳源喷雾干燥造粒",
                "spray-drying the nano-silicon with a carbon source into granules",
            ),
            (
                "将浆料涂覆于基膜表面并热压成膜",
                "coating the slurry on a base film and hot-pressing it into a membrane",
            ),
        ],
        effects: &[
            ("能量密度", "energy density", true),
            ("首次库伦效率", "initial coulombic efficiency", true),
            ("容量保持率", "capacity retention", true),
            ("界面阻抗", "interfacial impedance", false),
        ],
        uses: &[
            (
                "新能源汽车动力电池",
                "power batteries for new energy vehicles",
            ),
            ("储能电站", "energy storage stations"),
            ("电动工具", "power tools"),
        ],
        keywords: &[
            "动力电池",
            "锂离子电池",
            "正极材料",
            "负极材料",
            "固态电解质",
            "钠离子电池",
            "隔膜",
            "储能",
        ],
    },
    Theme {
        field: ("合成生物", "synthetic biology"),
        kind: Kind::Bio,
        ipc: &[
            "C12N15/52",
            "C12N1/21",
            "C12P7/62",
            "C12N9/10",
            "C12P13/04",
            "C12N15/81",
            "C12P19/02",
        ],
        bases: &[
            ("CRISPR基因编辑", "CRISPR gene editing"),
            ("代谢通路重构", "metabolic pathway reconstruction"),
            ("无细胞合成体系", "cell-free synthesis systems"),
            ("定向进化", "directed evolution"),
        ],
        subjects: &[
            (
                "产L-缬氨酸的重组大肠杆菌",
                "recombinant Escherichia coli producing L-valine",
            ),
            (
                "高产麦角硫因的酿酒酵母工程菌",
                "engineered Saccharomyces cerevisiae with high ergothioneine yield",
            ),
            ("耐热脂肪酶突变体", "thermostable lipase mutant"),
            ("生物基聚羟基脂肪酸酯", "bio-based polyhydroxyalkanoate"),
            ("2'-岩藻糖基乳糖", "2'-fucosyllactose"),
        ],
        devices: &[
            (
                "微生物发酵罐补料装置",
                "feeding device for microbial fermenters",
            ),
            (
                "高通量菌株筛选装置",
                "high-throughput strain screening device",
            ),
        ],
        problems: &[
            (
                "产物得率低、副产物多",
                "low product yield and many by-products",
            ),
            ("酶的热稳定性差", "poor thermal stability of the enzyme"),
            ("发酵周期长、成本高", "a long and costly fermentation cycle"),
            ("代谢流分配不合理", "an unbalanced metabolic flux"),
        ],
        parts: &[
            ("启动子", "promoter"),
            ("关键酶基因", "key enzyme gene"),
            ("表达载体", "expression vector"),
            ("宿主菌", "host strain"),
            ("核糖体结合位点", "ribosome binding site"),
            ("葡萄糖", "glucose"),
        ],
        steps: &[
            (
                "敲除竞争代谢途径中的关键基因",
                "knocking out key genes of competing metabolic pathways",
            ),
            (
                "构建携带外源合成基因簇的表达载体",
                "constructing an expression vector carrying an exogenous biosynthetic gene cluster",
            ),
            (
                "将表达载体转化至宿主菌中获得工程菌",
                "transforming the expression vector into the host strain to obtain an engineered strain",
            ),
            (
                "以葡萄糖为碳源进行分批补料发酵",
                "carrying out fed-batch fermentation with glucose as the carbon source",
            ),
            (
                "对发酵液进行离心、分离和纯化",
                "centrifuging, separating and purifying the fermentation broth",
            ),
        ],
        effects: &[
            ("产物产量", "product titre", true),
            ("底物转化率", "substrate conversion rate", true),
            ("酶活半衰期", "enzyme half-life", true),
            ("生产成本", "production cost", false),
        ],
        uses: &[
            ("食品添加剂生产", "food additive production"),
            ("生物基材料制造", "bio-based material manufacturing"),
            (
                "医药中间体合成",
                "synthesis of pharmaceutical intermediates",
            ),
        ],
        keywords: &[
            "合成生物学",
            "基因工程",
            "代谢工程",
            "发酵",
            "酶工程",
            "工程菌",
            "生物制造",
            "CRISPR",
        ],
    },
    Theme {
        field: ("航空航天", "aerospace"),
        kind: Kind::Device,
        ipc: &[
            "B64G1/10",
            "B64C39/02",
            "B64F5/60",
            "G01S19/42",
            "B64D45/00",
            "G01L9/00",
            "B64U10/13",
        ],
        bases: &[
            ("北斗导航", "BeiDou navigation"),
            ("遥感影像", "remote sensing images"),
            ("故障预测与健康管理", "prognostics and health management"),
            ("碳纤维复合材料", "carbon fibre composites"),
        ],
        subjects: &[
            (
                "航空发动机高温压力传感器",
                "high-temperature pressure sensor for aero-engines",
            ),
            (
                "微小卫星姿态控制系统",
                "attitude control system for microsatellites",
            ),
            (
                "无人机集群协同定位方法",
                "cooperative positioning method for UAV swarms",
            ),
            (
                "飞机结构损伤检测装置",
                "aircraft structural damage detection device",
            ),
            ("可展开太阳翼", "deployable solar wing"),
        ],
        devices: &[
            (
                "航空器起落架检测支架",
                "inspection stand for aircraft landing gear",
            ),
            ("无人机折叠机臂结构", "folding arm structure for UAVs"),
            (
                "卫星载荷安装支架",
                "mounting bracket for satellite payloads",
            ),
        ],
        problems: &[
            (
                "定位精度易受干扰",
                "positioning accuracy that is easily disturbed",
            ),
            ("重量大、可靠性低", "heavy weight and low reliability"),
            (
                "高温环境下无法长期工作",
                "inability to work long-term at high temperature",
            ),
            (
                "检测效率低、依赖人工",
                "low inspection efficiency and reliance on manual work",
            ),
        ],
        parts: &[
            ("安装支架", "mounting bracket"),
            ("姿态传感器", "attitude sensor"),
            ("碳纤维机臂", "carbon fibre arm"),
            ("锁紧机构", "locking mechanism"),
            ("隔热罩", "heat shield"),
            ("主控板", "main control board"),
        ],
        steps: &[
            (
                "接收北斗卫星观测数据并解算初始位置",
                "receiving BeiDou observations and solving the initial position",
            ),
            (
                "利用机间测距信息构建协同定位模型",
                "building a cooperative positioning model from inter-vehicle ranging",
            ),
            (
                "采用扩展卡尔曼滤波对状态进行估计",
                "estimating the states with an extended Kalman filter",
            ),
            (
                "提取结构振动响应特征并识别损伤位置",
                "extracting structural vibration response features and locating damage",
            ),
        ],
        effects: &[
            ("定位精度", "positioning accuracy", true),
            ("结构重量", "structural weight", false),
            ("检测效率", "inspection efficiency", true),
            ("工作温度上限", "upper working temperature", true),
        ],
        uses: &[
            ("民用航空维修", "civil aviation maintenance"),
            ("商业航天", "commercial spaceflight"),
            ("低空经济", "the low-altitude economy"),
        ],
        keywords: &[
            "航空航天",
            "无人机",
            "卫星",
            "北斗导航",
            "压力传感器",
            "航空发动机",
            "复合材料",
            "姿态控制",
        ],
    },
    Theme {
        field: ("医疗器械", "medical devices"),
        kind: Kind::Device,
        ipc: &[
            "A61B5/00",
            "A61B5/0215",
            "A61B34/30",
            "A61M5/142",
            "A61B8/00",
            "A61F2/82",
            "G16H40/63",
        ],
        bases: &[
            ("柔性电子", "flexible electronics"),
            ("人工智能辅助诊断", "AI-assisted diagnosis"),
            ("光电容积脉搏波", "photoplethysmography"),
            ("形状记忆合金", "shape memory alloys"),
        ],
        subjects: &[
            (
                "可穿戴血压监测装置",
                "wearable blood pressure monitoring device",
            ),
            (
                "介入式压力传感器导管",
                "interventional pressure sensor catheter",
            ),
            ("微创手术机器人", "minimally invasive surgical robot"),
            ("输液泵", "infusion pump"),
            ("可降解血管支架", "biodegradable vascular stent"),
            ("超声成像探头", "ultrasound imaging probe"),
        ],
        devices: &[
            ("康复训练辅助装置", "rehabilitation training aid"),
            (
                "医用足底压力传感器鞋垫",
                "medical plantar pressure sensor insole",
            ),
            ("护理床翻身装置", "turning device for nursing beds"),
            ("采血管存放装置", "blood collection tube storage device"),
        ],
        problems: &[
            (
                "佩戴舒适性差、测量不连续",
                "poor wearing comfort and discontinuous measurement",
            ),
            ("操作复杂、创伤大", "complex operation and large trauma"),
            ("测量误差大", "large measurement errors"),
            ("患者依从性差", "poor patient compliance"),
        ],
        parts: &[
            ("柔性基底", "flexible substrate"),
            ("压力传感单元", "pressure sensing unit"),
            ("导管本体", "catheter body"),
            ("蓝牙通信模块", "Bluetooth communication module"),
            ("固定绑带", "fixing strap"),
            ("微处理器", "microprocessor"),
        ],
        steps: &[
            (
                "采集脉搏波信号并提取特征点",
                "acquiring pulse wave signals and extracting feature points",
            ),
            (
                "建立脉搏波传导时间与血压的映射模型",
                "building a model mapping pulse transit time to blood pressure",
            ),
            (
                "对模型进行个体化校准",
                "calibrating the model for the individual",
            ),
            (
                "将监测结果上传至云端平台",
                "uploading the monitoring results to a cloud platform",
            ),
        ],
        effects: &[
            ("测量准确度", "measurement accuracy", true),
            ("手术时间", "operation time", false),
            ("患者舒适度", "patient comfort", true),
            ("并发症发生率", "incidence of complications", false),
        ],
        uses: &[
            ("心血管疾病监测", "cardiovascular disease monitoring"),
            ("术后康复", "post-operative rehabilitation"),
            ("居家健康管理", "home health management"),
        ],
        keywords: &[
            "医疗器械",
            "压力传感器",
            "可穿戴设备",
            "血压监测",
            "手术机器人",
            "康复",
            "介入器械",
            "健康管理",
        ],
    },
    Theme {
        field: ("化工新材料", "new chemical materials"),
        kind: Kind::Material,
        ipc: &[
            "C08L63/00",
            "C08G64/30",
            "C08J5/18",
            "C08K3/04",
            "C09D175/04",
            "B01J23/89",
            "C07C29/151",
        ],
        bases: &[
            ("生物基单体", "bio-based monomers"),
            ("非光气法", "a non-phosgene route"),
            ("纳米二氧化硅改性", "nano-silica modification"),
            ("负载型双金属催化剂", "supported bimetallic catalysts"),
        ],
        subjects: &[
            (
                "阻燃环氧树脂组合物",
                "flame-retardant epoxy resin composition",
            ),
            ("聚碳酸酯", "polycarbonate"),
            ("水性聚氨酯涂料", "waterborne polyurethane coating"),
            ("可降解聚酯薄膜", "biodegradable polyester film"),
            (
                "二氧化碳加氢制甲醇催化剂",
                "catalyst for CO2 hydrogenation to methanol",
            ),
            (
                "耐候性聚烯烃弹性体",
                "weather-resistant polyolefin elastomer",
            ),
        ],
        devices: &[
            ("聚合反应釜", "polymerisation reactor"),
            (
                "涂料分散搅拌装置",
                "dispersing and stirring device for coatings",
            ),
            ("化工尾气吸收塔", "absorption tower for chemical tail gas"),
        ],
        problems: &[
            (
                "阻燃性能与力学性能难以兼顾",
                "difficulty in balancing flame retardancy and mechanical properties",
            ),
            ("生产过程污染重", "heavy pollution in production"),
            ("催化剂易失活", "easy catalyst deactivation"),
            ("VOC排放高", "high VOC emissions"),
        ],
        parts: &[
            ("双酚A型环氧树脂", "bisphenol A epoxy resin"),
            ("含磷阻燃剂", "phosphorus-containing flame retardant"),
            ("固化剂", "curing agent"),
            ("多元醇", "polyol"),
            ("纳米填料", "nano-filler"),
            ("铜锌活性组分", "copper-zinc active component"),
        ],
        steps: &[
            (
                "将树脂与阻燃剂在设定温度下熔融共混",
                "melt-blending the resin with the flame retardant at a set temperature",
            ),
            (
                "加入固化剂并真空脱泡后浇注成型",
                "adding the curing agent, degassing under vacuum and casting",
            ),
            (
                "将单体与催化剂加入反应釜进行缩聚反应",
                "charging the monomers and catalyst into a reactor for polycondensation",
            ),
            (
                "采用共沉淀法制备催化剂前驱体并焙烧",
                "preparing the catalyst precursor by co-precipitation and calcining it",
            ),
            (
                "将所得产物挤出造粒并双向拉伸成膜",
                "extruding and pelletising the product and biaxially stretching it into film",
            ),
        ],
        effects: &[
            ("极限氧指数", "limiting oxygen index", true),
            ("拉伸强度", "tensile strength", true),
            ("甲醇选择性", "methanol selectivity", true),
            ("VOC含量", "VOC content", false),
        ],
        uses: &[
            ("电子封装", "electronic packaging"),
            ("绿色包装", "green packaging"),
            ("石油化工", "the petrochemical industry"),
        ],
        keywords: &[
            "化工新材料",
            "环氧树脂",
            "阻燃",
            "聚碳酸酯",
            "催化剂",
            "水性涂料",
            "可降解",
            "聚合物",
        ],
    },
];

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
];
pub(super) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀", "霞", "平", "刚", "桂", "建", "华", "志", "文", "博", "宇", "浩", "晨", "思", "雪", "鹏",
    "辉", "婷", "欣", "凯", "颖", "琳", "东", "海", "晓", "立", "新", "国", "春", "玉", "成", "亮",
    "斌", "红",
];

pub(super) const BANKS: &[&str] = &[
    "中国银行股份有限公司天津市分行",
    "天津银行股份有限公司",
    "渤海银行股份有限公司",
    "天津农村商业银行股份有限公司",
    "中国建设银行股份有限公司天津市分行",
    "交通银行股份有限公司天津市分行",
];

pub(super) const COURTS: &[&str] = &[
    "天津市第一中级人民法院",
    "天津市第二中级人民法院",
    "天津市第三中级人民法院",
    "天津市滨海新区人民法院",
];

/// Street addresses of the 15 sources, in `SOURCES` order, and their weights.
pub(super) const SOURCE_STREETS: [(&str, u32); 15] = [
    ("卫津路92号", 20),
    ("卫津路94号", 12),
    ("津北公路2898号", 6),
    ("宾水西道399号", 9),
    ("经济技术开发区第十三大街29号", 7),
    ("西平道5340号", 9),
    ("宾水西道391号", 7),
    ("宾水西道393号", 3),
    ("洛河道2号", 2),
    ("东丽湖智景东道7号", 4),
    ("中新生态城中成大道9号", 3),
    ("经济技术开发区南海路156号", 3),
    ("塘沽海洋科技园汇祥道12号", 4),
    ("气象台路22号", 5),
    ("海河教育园区雅观路10号", 4),
];

pub(super) const SOURCE_THEMES: [&[usize]; 15] = [
    ALL_THEMES,
    &[IT, MAT, BIO, BAT, SYN, CHEM],
    &[IT, EQP, AERO],
    &[MAT, EQP, MED, CHEM],
    &[BIO, SYN, CHEM],
    &[MAT, EQP, AUTO, BAT],
    &[IT, MAT, EQP, BAT],
    &[IT, MAT, SYN],
    &[EQP, AUTO],
    &[EQP, AUTO, AERO],
    &[IT, EQP, MED],
    &[IT, AERO],
    &[IT, MAT, EQP, BAT],
    &[BIO, MED],
    &[BIO, MED],
];

/// An invented owner: name, district code, street, and theme indices.
pub(super) type Placed = (&'static str, u32, &'static str, &'static [usize]);

/// Invented state-owned enterprises: name, district, street, themes.
pub(super) const SOES: &[Placed] = &[
    (
        "天津市津能新材料集团有限公司",
        120116,
        "临港经济区渤海十路18号",
        &[MAT, CHEM],
    ),
    (
        "天津海河装备制造集团有限公司",
        120113,
        "经济技术开发区双辰中路6号",
        &[EQP],
    ),
    (
        "天津市城投智慧能源有限公司",
        120103,
        "友谊路35号",
        &[IT, BAT],
    ),
    (
        "天津津航精密机电集团有限公司",
        120110,
        "航空产业园航空路9号",
        &[AERO, EQP],
    ),
    (
        "天津市津康医药控股集团有限公司",
        120101,
        "南京路128号",
        &[BIO, MED],
    ),
    (
        "天津北洋汽车零部件集团有限公司",
        120111,
        "经济技术开发区兴华七支路5号",
        &[AUTO],
    ),
    (
        "天津市津海化工新材料集团有限公司",
        120116,
        "南港工业区港北路66号",
        &[CHEM, MAT],
    ),
    (
        "天津滨海信息安全技术集团有限公司",
        120116,
        "塘沽海洋科技园新北路4668号",
        &[IT],
    ),
    (
        "天津市蓝海电池科技集团有限公司",
        120115,
        "九园工业园区天宝路12号",
        &[BAT, AUTO],
    ),
    (
        "天津市航宇空间技术集团有限公司",
        120116,
        "空港经济区中心大道88号",
        &[AERO],
    ),
    (
        "天津市金桥重型机械集团有限公司",
        120114,
        "京滨工业园京滨大道21号",
        &[EQP],
    ),
];

/// Invented SMEs: name, district, street, themes.
pub(super) const SMES: &[Placed] = &[
    (
        "天津瑞新信息技术有限公司",
        120116,
        "华苑产业区海泰西路18号",
        &[IT],
    ),
    (
        "天津众联网络安全科技有限公司",
        120104,
        "鞍山西道科技园区3号",
        &[IT],
    ),
    ("天津云帆数据科技有限公司", 120103, "解放南路256号", &[IT]),
    (
        "天津晶鼎新材料科技有限公司",
        120112,
        "八里台工业园区丰泽路7号",
        &[MAT],
    ),
    (
        "天津拓普纳米材料有限公司",
        120114,
        "开发区源和道15号",
        &[MAT],
    ),
    (
        "天津金辰金属材料科技有限公司",
        120118,
        "经济开发区北区金海道3号",
        &[MAT],
    ),
    (
        "天津康宁生物医药科技有限公司",
        120116,
        "经济技术开发区第四大街80号",
        &[BIO],
    ),
    (
        "天津润泽制药有限公司",
        120111,
        "赛达新兴产业园A区12号",
        &[BIO],
    ),
    (
        "天津正元生物技术有限公司",
        120113,
        "医药医疗器械工业园京津路22号",
        &[BIO, SYN],
    ),
    (
        "天津博远智能装备有限公司",
        120113,
        "科技园区景丽路9号",
        &[EQP],
    ),
    (
        "天津恒泰精密机械有限公司",
        120117,
        "经济开发区十一纬路5号",
        &[EQP],
    ),
    (
        "天津领创传感技术有限公司",
        120111,
        "学府工业区思源道16号",
        &[EQP, MED],
    ),
    (
        "天津盛达汽车部件有限公司",
        120111,
        "汽车工业园兴园道8号",
        &[AUTO],
    ),
    (
        "天津凯盛新能源汽车科技有限公司",
        120114,
        "高村科技创新园创业路2号",
        &[AUTO, BAT],
    ),
    (
        "天津宏达车辆电子有限公司",
        120110,
        "华明高新区弘顺道11号",
        &[AUTO],
    ),
    (
        "天津优能电池科技有限公司",
        120115,
        "京津中关村科技城环科西路6号",
        &[BAT],
    ),
    (
        "天津鑫源锂电材料有限公司",
        120116,
        "空港经济区西七道32号",
        &[BAT],
    ),
    ("天津新程储能技术有限公司", 120105, "中山路118号", &[BAT]),
    (
        "天津启明合成生物科技有限公司",
        120116,
        "空港经济区西十道5号",
        &[SYN],
    ),
    (
        "天津赛维生物工程有限公司",
        120112,
        "双港工业区丽港大道16号",
        &[SYN],
    ),
    (
        "天津和信酶制剂有限公司",
        120119,
        "经济开发区兴华大道3号",
        &[SYN, BIO],
    ),
    (
        "天津智航航空科技有限公司",
        120116,
        "空港经济区中环西路20号",
        &[AERO],
    ),
    (
        "天津宇航卫星应用技术有限公司",
        120106,
        "芥园道160号",
        &[AERO, IT],
    ),
    (
        "天津海纳无人机科技有限公司",
        120117,
        "现代产业区海航东路2号",
        &[AERO],
    ),
    (
        "天津天瑞医疗器械有限公司",
        120110,
        "华明高新区华丰路6号",
        &[MED],
    ),
    ("天津明辉医疗科技有限公司", 120102, "十一经路72号", &[MED]),
    ("天津华创康复器械有限公司", 120106, "咸阳北路41号", &[MED]),
    (
        "天津卓越化工新材料有限公司",
        120116,
        "南港工业区创业路9号",
        &[CHEM],
    ),
    (
        "天津中科睿涂料科技有限公司",
        120112,
        "咸水沽镇津沽路19号",
        &[CHEM],
    ),
    (
        "天津北方树脂有限公司",
        120118,
        "子牙循环经济产业区子牙大道7号",
        &[CHEM],
    ),
];

/// Individual applicants: name, district, street, themes.
pub(super) const INDIVIDUALS: &[Placed] = &[
    ("王建国", 120102, "津塘路73号", &[EQP, AUTO]),
    ("刘志强", 120118, "胜利路15号", &[EQP, CHEM]),
    ("张丽华", 120105, "金纬路22号", &[MED]),
    ("陈卫东", 120119, "人民西大街8号", &[MAT]),
];
