//! The word lists the sample generator draws from: names, places, dispatching organisations, disciplines, firm
//! words and the sentence templates of visits, needs and service records. Data only; no logic.
//!
//! Templates use the placeholders `{产品}` (a main product of the enterprise), `{方向}` (a specialty of the
//! discipline), `{问题}` (a production problem), `{数}` (a number) and `{单位}` (the expert's organisation).

use crate::model::OrganizationKind;

/// Common surnames with their pinyin and a rough relative frequency.
pub const SURNAMES: &[(&str, &str, u32)] = &[
    ("王", "wang", 72),
    ("李", "li", 70),
    ("张", "zhang", 66),
    ("刘", "liu", 52),
    ("陈", "chen", 46),
    ("杨", "yang", 32),
    ("黄", "huang", 24),
    ("赵", "zhao", 22),
    ("吴", "wu", 20),
    ("周", "zhou", 19),
    ("徐", "xu", 15),
    ("孙", "sun", 14),
    ("马", "ma", 13),
    ("朱", "zhu", 12),
    ("胡", "hu", 12),
    ("郭", "guo", 11),
    ("何", "he", 10),
    ("高", "gao", 10),
    ("林", "lin", 10),
    ("罗", "luo", 9),
    ("郑", "zheng", 9),
    ("梁", "liang", 8),
    ("谢", "xie", 7),
    ("宋", "song", 6),
    ("唐", "tang", 6),
    ("许", "xu", 6),
    ("韩", "han", 5),
    ("冯", "feng", 5),
    ("邓", "deng", 5),
    ("曹", "cao", 5),
    ("彭", "peng", 5),
    ("曾", "zeng", 5),
    ("肖", "xiao", 4),
    ("田", "tian", 4),
    ("董", "dong", 4),
    ("袁", "yuan", 4),
    ("潘", "pan", 4),
    ("于", "yu", 4),
    ("蒋", "jiang", 4),
    ("蔡", "cai", 4),
    ("余", "yu", 4),
    ("杜", "du", 3),
    ("叶", "ye", 3),
    ("程", "cheng", 3),
    ("苏", "su", 3),
    ("魏", "wei", 3),
    ("吕", "lv", 3),
    ("丁", "ding", 3),
    ("任", "ren", 3),
    ("沈", "shen", 3),
    ("欧阳", "ouyang", 1),
];

/// Common given names of men (one or two characters), with pinyin.
pub const MALE_GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("磊", "lei"),
    ("强", "qiang"),
    ("军", "jun"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("斌", "bin"),
    ("超", "chao"),
    ("明", "ming"),
    ("刚", "gang"),
    ("辉", "hui"),
    ("鹏", "peng"),
    ("飞", "fei"),
    ("波", "bo"),
    ("浩", "hao"),
    ("凯", "kai"),
    ("健", "jian"),
    ("峰", "feng"),
    ("毅", "yi"),
    ("建国", "jianguo"),
    ("建华", "jianhua"),
    ("建军", "jianjun"),
    ("国华", "guohua"),
    ("国强", "guoqiang"),
    ("志强", "zhiqiang"),
    ("志明", "zhiming"),
    ("志刚", "zhigang"),
    ("海涛", "haitao"),
    ("海波", "haibo"),
    ("文杰", "wenjie"),
    ("文博", "wenbo"),
    ("晓东", "xiaodong"),
    ("晓峰", "xiaofeng"),
    ("晓明", "xiaoming"),
    ("永刚", "yonggang"),
    ("永华", "yonghua"),
    ("立新", "lixin"),
    ("立军", "lijun"),
    ("俊杰", "junjie"),
    ("浩然", "haoran"),
    ("宇航", "yuhang"),
    ("子豪", "zihao"),
    ("明辉", "minghui"),
    ("振华", "zhenhua"),
    ("振宇", "zhenyu"),
    ("德明", "deming"),
    ("学军", "xuejun"),
    ("新民", "xinmin"),
    ("春雷", "chunlei"),
    ("宏伟", "hongwei"),
    ("鹏飞", "pengfei"),
    ("天宇", "tianyu"),
    ("家豪", "jiahao"),
    ("博文", "bowen"),
    ("思远", "siyuan"),
    ("建平", "jianping"),
    ("卫东", "weidong"),
    ("光辉", "guanghui"),
    ("成刚", "chenggang"),
    ("庆华", "qinghua"),
    ("金龙", "jinlong"),
    ("云峰", "yunfeng"),
    ("亚军", "yajun"),
    ("红兵", "hongbing"),
    ("少华", "shaohua"),
];

/// Common given names of women (one or two characters), with pinyin.
pub const FEMALE_GIVEN: &[(&str, &str)] = &[
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("艳", "yan"),
    ("娟", "juan"),
    ("霞", "xia"),
    ("玲", "ling"),
    ("燕", "yan"),
    ("萍", "ping"),
    ("琳", "lin"),
    ("雪", "xue"),
    ("慧", "hui"),
    ("颖", "ying"),
    ("倩", "qian"),
    ("婷", "ting"),
    ("洁", "jie"),
    ("晶", "jing"),
    ("蕾", "lei"),
    ("秀英", "xiuying"),
    ("桂英", "guiying"),
    ("丽娟", "lijuan"),
    ("丽华", "lihua"),
    ("晓燕", "xiaoyan"),
    ("海燕", "haiyan"),
    ("玉兰", "yulan"),
    ("红梅", "hongmei"),
    ("雪梅", "xuemei"),
    ("春燕", "chunyan"),
    ("美玲", "meiling"),
    ("淑芬", "shufen"),
    ("秀兰", "xiulan"),
    ("晓丽", "xiaoli"),
    ("文静", "wenjing"),
    ("婷婷", "tingting"),
    ("丹丹", "dandan"),
    ("琳琳", "linlin"),
    ("慧敏", "huimin"),
    ("静怡", "jingyi"),
    ("欣怡", "xinyi"),
    ("思雨", "siyu"),
    ("雨婷", "yuting"),
    ("佳慧", "jiahui"),
    ("梦瑶", "mengyao"),
    ("晓雯", "xiaowen"),
    ("雅琴", "yaqin"),
    ("玉梅", "yumei"),
    ("志红", "zhihong"),
    ("丽萍", "liping"),
    ("瑞华", "ruihua"),
    ("素琴", "suqin"),
    ("晓红", "xiaohong"),
    ("莉莉", "lili"),
    ("颖慧", "yinghui"),
    ("诗琪", "shiqi"),
];

/// An administrative division an enterprise sits in, with its real 6-digit code and telephone area code.
pub struct Region {
    /// 省 (or municipality).
    pub province: &'static str,
    /// 市.
    pub city: &'static str,
    /// 区/县/县级市; `None` for cities without county-level divisions (东莞, 中山).
    pub county: Option<&'static str>,
    /// The city's name as it starts a company name (宁波, 深圳).
    pub short: &'static str,
    /// Code of the most precise level (county, else city).
    pub code: &'static str,
    /// Telephone area code.
    pub area_code: &'static str,
}

const fn region(
    province: &'static str,
    city: &'static str,
    county: Option<&'static str>,
    short: &'static str,
    code: &'static str,
    area_code: &'static str,
) -> Region {
    Region { province, city, county, short, code, area_code }
}

/// Where the sample enterprises are.
pub const REGIONS: &[Region] = &[
    region("浙江省", "杭州市", Some("西湖区"), "杭州", "330106", "0571"),
    region("浙江省", "杭州市", Some("滨江区"), "杭州", "330108", "0571"),
    region("浙江省", "杭州市", Some("余杭区"), "杭州", "330110", "0571"),
    region("浙江省", "宁波市", Some("鄞州区"), "宁波", "330212", "0574"),
    region("浙江省", "宁波市", Some("北仑区"), "宁波", "330206", "0574"),
    region("浙江省", "宁波市", Some("慈溪市"), "宁波", "330282", "0574"),
    region("浙江省", "温州市", Some("乐清市"), "温州", "330382", "0577"),
    region("浙江省", "嘉兴市", Some("海宁市"), "嘉兴", "330481", "0573"),
    region("浙江省", "湖州市", Some("吴兴区"), "湖州", "330502", "0572"),
    region("浙江省", "绍兴市", Some("柯桥区"), "绍兴", "330603", "0575"),
    region("浙江省", "金华市", Some("义乌市"), "金华", "330782", "0579"),
    region("浙江省", "台州市", Some("黄岩区"), "台州", "331003", "0576"),
    region("江苏省", "南京市", Some("江宁区"), "南京", "320115", "025"),
    region("江苏省", "无锡市", Some("江阴市"), "无锡", "320281", "0510"),
    region("江苏省", "常州市", Some("武进区"), "常州", "320412", "0519"),
    region("江苏省", "苏州市", Some("吴江区"), "苏州", "320509", "0512"),
    region("江苏省", "苏州市", Some("张家港市"), "苏州", "320582", "0512"),
    region("江苏省", "苏州市", Some("昆山市"), "苏州", "320583", "0512"),
    region("广东省", "广州市", Some("黄埔区"), "广州", "440112", "020"),
    region("广东省", "广州市", Some("番禺区"), "广州", "440113", "020"),
    region("广东省", "深圳市", Some("南山区"), "深圳", "440305", "0755"),
    region("广东省", "深圳市", Some("宝安区"), "深圳", "440306", "0755"),
    region("广东省", "深圳市", Some("龙岗区"), "深圳", "440307", "0755"),
    region("广东省", "佛山市", Some("南海区"), "佛山", "440605", "0757"),
    region("广东省", "佛山市", Some("顺德区"), "佛山", "440606", "0757"),
    region("广东省", "东莞市", None, "东莞", "441900", "0769"),
    region("广东省", "中山市", None, "中山", "442000", "0760"),
    region("山东省", "济南市", Some("历城区"), "济南", "370112", "0531"),
    region("山东省", "青岛市", Some("黄岛区"), "青岛", "370211", "0532"),
    region("山东省", "烟台市", Some("福山区"), "烟台", "370611", "0535"),
    region("山东省", "潍坊市", Some("寿光市"), "潍坊", "370783", "0536"),
    region("福建省", "福州市", Some("闽侯县"), "福州", "350121", "0591"),
    region("福建省", "厦门市", Some("集美区"), "厦门", "350211", "0592"),
    region("福建省", "泉州市", Some("晋江市"), "泉州", "350582", "0595"),
    region("安徽省", "合肥市", Some("蜀山区"), "合肥", "340104", "0551"),
    region("安徽省", "芜湖市", Some("鸠江区"), "芜湖", "340207", "0553"),
    region("湖北省", "武汉市", Some("洪山区"), "武汉", "420111", "027"),
    region("湖北省", "襄阳市", Some("樊城区"), "襄阳", "420606", "0710"),
    region("湖南省", "长沙市", Some("岳麓区"), "长沙", "430104", "0731"),
    region("河南省", "郑州市", Some("金水区"), "郑州", "410105", "0371"),
    region("四川省", "成都市", Some("郫都区"), "成都", "510117", "028"),
    region("四川省", "绵阳市", Some("涪城区"), "绵阳", "510703", "0816"),
    region("上海市", "上海市", Some("浦东新区"), "上海", "310115", "021"),
    region("北京市", "北京市", Some("海淀区"), "北京", "110108", "010"),
    region("天津市", "天津市", Some("滨海新区"), "天津", "120116", "022"),
];

/// Street names of enterprise addresses (a number and 号 follow).
pub const STREETS: &[&str] = &[
    "科技路",
    "创业大道",
    "工业园路",
    "高新大道",
    "兴业路",
    "创新路",
    "发展大道",
    "经济开发区纬二路",
    "滨海大道",
    "智造园东路",
    "环城北路",
    "江南大道",
    "金桥路",
    "人民东路",
    "振兴路",
    "长江路",
    "黄河路",
    "产业园一路",
    "新材料园区中路",
    "光明大道",
];

/// A dispatching organisation (派出单位): real-looking name, kind, region, mail domain and its strong disciplines
/// (names from [`DISCIPLINES`]).
pub struct Org {
    /// Name.
    pub name: &'static str,
    /// 高校/科研院所/企业/其他.
    pub kind: OrganizationKind,
    /// Province and city.
    pub region: &'static str,
    /// The domain of its staff's e-mail addresses.
    pub domain: &'static str,
    /// Disciplines its experts mostly come from.
    pub fields: &'static [&'static str],
}

const fn org(
    name: &'static str,
    kind: OrganizationKind,
    region: &'static str,
    domain: &'static str,
    fields: &'static [&'static str],
) -> Org {
    Org { name, kind, region, domain, fields }
}

const U: OrganizationKind = OrganizationKind::University;
const I: OrganizationKind = OrganizationKind::Institute;
const E: OrganizationKind = OrganizationKind::Enterprise;
const O: OrganizationKind = OrganizationKind::Other;

/// The dispatching organisations (the small scale uses a subset).
pub const ORGANIZATIONS: &[Org] = &[
    org(
        "浙江大学",
        U,
        "浙江省杭州市",
        "zju.edu.cn",
        &["材料科学与工程", "计算机科学与技术", "控制科学与工程", "生物医药"],
    ),
    org("浙江工业大学", U, "浙江省杭州市", "zjut.edu.cn", &["化学工程", "机械工程", "生物医药"]),
    org("浙江理工大学", U, "浙江省杭州市", "zstu.edu.cn", &["纺织科学与工程", "机械工程"]),
    org("中国计量大学", U, "浙江省杭州市", "cjlu.edu.cn", &["光学工程", "电子信息", "控制科学与工程"]),
    org("浙江农林大学", U, "浙江省杭州市", "zafu.edu.cn", &["农业工程", "食品科学", "环境工程"]),
    org("宁波大学", U, "浙江省宁波市", "nbu.edu.cn", &["食品科学", "机械工程", "电子信息"]),
    org("宁波工程学院", U, "浙江省宁波市", "nbut.edu.cn", &["机械工程", "化学工程", "控制科学与工程"]),
    org("温州大学", U, "浙江省温州市", "wzu.edu.cn", &["电子信息", "材料科学与工程"]),
    org("东南大学", U, "江苏省南京市", "seu.edu.cn", &["电子信息", "控制科学与工程", "计算机科学与技术"]),
    org("南京理工大学", U, "江苏省南京市", "njust.edu.cn", &["机械工程", "光学工程", "化学工程"]),
    org("南京农业大学", U, "江苏省南京市", "njau.edu.cn", &["农业工程", "食品科学"]),
    org("江南大学", U, "江苏省无锡市", "jiangnan.edu.cn", &["食品科学", "纺织科学与工程", "生物医药"]),
    org("苏州大学", U, "江苏省苏州市", "suda.edu.cn", &["纺织科学与工程", "材料科学与工程", "生物医药"]),
    org("常州大学", U, "江苏省常州市", "cczu.edu.cn", &["化学工程", "新能源", "材料科学与工程"]),
    org("华南理工大学", U, "广东省广州市", "scut.edu.cn", &["材料科学与工程", "食品科学", "机械工程", "化学工程"]),
    org("广东工业大学", U, "广东省广州市", "gdut.edu.cn", &["机械工程", "控制科学与工程", "电子信息"]),
    org("华南农业大学", U, "广东省广州市", "scau.edu.cn", &["农业工程", "食品科学"]),
    org("深圳大学", U, "广东省深圳市", "szu.edu.cn", &["光学工程", "计算机科学与技术", "新能源"]),
    org("南方科技大学", U, "广东省深圳市", "sustech.edu.cn", &["材料科学与工程", "电子信息", "新能源"]),
    org("山东大学", U, "山东省济南市", "sdu.edu.cn", &["机械工程", "材料科学与工程", "环境工程"]),
    org("中国海洋大学", U, "山东省青岛市", "ouc.edu.cn", &["食品科学", "环境工程", "生物医药"]),
    org("青岛科技大学", U, "山东省青岛市", "qust.edu.cn", &["化学工程", "材料科学与工程"]),
    org("厦门大学", U, "福建省厦门市", "xmu.edu.cn", &["化学工程", "新能源", "生物医药"]),
    org("福州大学", U, "福建省福州市", "fzu.edu.cn", &["化学工程", "电子信息", "环境工程"]),
    org("合肥工业大学", U, "安徽省合肥市", "hfut.edu.cn", &["机械工程", "新能源", "计算机科学与技术"]),
    org("中国科学技术大学", U, "安徽省合肥市", "ustc.edu.cn", &["新能源", "计算机科学与技术", "材料科学与工程"]),
    org("华中科技大学", U, "湖北省武汉市", "hust.edu.cn", &["机械工程", "光学工程", "新能源"]),
    org("武汉理工大学", U, "湖北省武汉市", "whut.edu.cn", &["材料科学与工程", "机械工程"]),
    org("中南大学", U, "湖南省长沙市", "csu.edu.cn", &["材料科学与工程", "新能源", "环境工程"]),
    org("郑州大学", U, "河南省郑州市", "zzu.edu.cn", &["化学工程", "材料科学与工程", "生物医药"]),
    org("四川大学", U, "四川省成都市", "scu.edu.cn", &["生物医药", "材料科学与工程", "化学工程"]),
    org("西南科技大学", U, "四川省绵阳市", "swust.edu.cn", &["环境工程", "材料科学与工程", "控制科学与工程"]),
    org("同济大学", U, "上海市", "tongji.edu.cn", &["环境工程", "机械工程", "新能源"]),
    org("华东理工大学", U, "上海市", "ecust.edu.cn", &["化学工程", "生物医药", "材料科学与工程"]),
    org("北京化工大学", U, "北京市", "buct.edu.cn", &["化学工程", "材料科学与工程"]),
    org("天津大学", U, "天津市", "tju.edu.cn", &["化学工程", "控制科学与工程", "环境工程"]),
    org("中国科学院宁波材料技术与工程研究所", I, "浙江省宁波市", "nimte.ac.cn", &["材料科学与工程", "新能源"]),
    org("中国科学院深圳先进技术研究院", I, "广东省深圳市", "siat.ac.cn", &["计算机科学与技术", "生物医药", "电子信息"]),
    org("中国科学院苏州纳米技术与纳米仿生研究所", I, "江苏省苏州市", "sinano.ac.cn", &["材料科学与工程", "电子信息"]),
    org("中国科学院大连化学物理研究所", I, "辽宁省大连市", "dicp.ac.cn", &["化学工程", "新能源"]),
    org("中国科学院合肥物质科学研究院", I, "安徽省合肥市", "hfcas.ac.cn", &["光学工程", "环境工程", "新能源"]),
    org("浙江省农业科学院", I, "浙江省杭州市", "zaas.ac.cn", &["农业工程", "食品科学"]),
    org("江苏省农业科学院", I, "江苏省南京市", "jaas.ac.cn", &["农业工程", "食品科学"]),
    org("广东省农业科学院", I, "广东省广州市", "gdaas.cn", &["农业工程", "食品科学", "生物医药"]),
    org("广东省科学院", I, "广东省广州市", "gdas.gd.cn", &["材料科学与工程", "电子信息", "环境工程"]),
    org("山东省科学院", I, "山东省济南市", "sdas.org", &["计算机科学与技术", "生物医药", "光学工程"]),
    org("国网浙江省电力有限公司电力科学研究院", E, "浙江省杭州市", "zj.sgcc.com.cn", &["新能源", "控制科学与工程"]),
    org("中国电子科技集团公司第五十二研究所", E, "浙江省杭州市", "cetc52.com", &["电子信息", "计算机科学与技术"]),
    org("中国建筑材料科学研究总院有限公司", E, "北京市", "cbma.com.cn", &["材料科学与工程", "环境工程"]),
    org("宁波市科技信息研究院", O, "浙江省宁波市", "nbsti.net", &["计算机科学与技术", "电子信息"]),
    org("广东省生产力促进中心", O, "广东省广州市", "gdpc.org.cn", &["机械工程", "控制科学与工程"]),
];

/// A discipline (专业领域): its specialties, the words of company names in its field with their GB/T 4754
/// section, and the products such companies make.
pub struct Discipline {
    /// Name.
    pub name: &'static str,
    /// Specialty tags of experts and topics of needs.
    pub specialties: &'static [&'static str],
    /// Company-name industry words and the industry section of such a company.
    pub firm_words: &'static [(&'static str, &'static str)],
    /// Products of companies in the field.
    pub products: &'static [&'static str],
}

/// The disciplines of experts, needs and enterprises.
pub const DISCIPLINES: &[Discipline] = &[
    Discipline {
        name: "材料科学与工程",
        specialties: &["锂电池材料", "高分子材料", "复合材料", "金属材料热处理", "功能涂层", "磁性材料"],
        firm_words: &[("新材料科技", "C"), ("新材料", "C"), ("高分子材料", "C"), ("金属制品", "C"), ("材料技术", "M")],
        products: &["改性塑料粒子", "碳纤维复合板材", "钕铁硼永磁体", "防腐涂料", "铝合金型材", "锂电池正极材料"],
    },
    Discipline {
        name: "机械工程",
        specialties: &["数控加工", "精密模具", "工业机器人", "液压传动", "智能装备", "机械结构设计"],
        firm_words: &[("机械", "C"), ("精密机械", "C"), ("智能装备", "C"), ("模具", "C"), ("机电设备", "C")],
        products: &["注塑模具", "数控机床", "液压阀组", "齿轮减速机", "自动化生产线", "汽车零部件"],
    },
    Discipline {
        name: "电子信息",
        specialties: &["嵌入式系统", "传感器", "集成电路设计", "物联网", "射频通信", "电力电子"],
        firm_words: &[("电子科技", "C"), ("电子", "C"), ("微电子", "C"), ("通信技术", "I"), ("智能电气", "C")],
        products: &["智能电表", "车载传感器", "开关电源", "PCB电路板", "LED驱动芯片", "工业网关"],
    },
    Discipline {
        name: "生物医药",
        specialties: &["药物制剂", "生物发酵", "医疗器械", "体外诊断", "中药现代化"],
        firm_words: &[("生物科技", "C"), ("医药", "C"), ("医疗器械", "C"), ("生物医药科技", "M")],
        products: &["原料药", "中药饮片", "一次性医用耗材", "体外诊断试剂", "保健食品", "康复器械"],
    },
    Discipline {
        name: "化学工程",
        specialties: &["精细化工", "催化剂", "分离提纯", "化工安全", "绿色合成"],
        firm_words: &[("化工", "C"), ("精细化工", "C"), ("化学", "C"), ("化学品", "F")],
        products: &["表面活性剂", "水性树脂", "工业催化剂", "电子化学品", "胶黏剂", "染料中间体"],
    },
    Discipline {
        name: "食品科学",
        specialties: &["食品加工", "食品安全检测", "功能性食品", "冷链保鲜", "发酵食品"],
        firm_words: &[("食品", "C"), ("食品科技", "C"), ("生物食品", "C"), ("饮品", "C")],
        products: &["速冻调理食品", "植物蛋白饮料", "酱腌菜", "烘焙食品", "水产制品", "茶饮料"],
    },
    Discipline {
        name: "农业工程",
        specialties: &["设施农业", "农产品加工", "智慧农业", "农机装备"],
        firm_words: &[("农业科技", "A"), ("生态农业", "A"), ("农业开发", "A"), ("农机", "C")],
        products: &["设施蔬菜", "优质稻米", "食用菌", "茶叶", "水果种苗", "植保无人机"],
    },
    Discipline {
        name: "环境工程",
        specialties: &["污水处理", "废气治理", "固废资源化", "环境监测"],
        firm_words: &[("环保科技", "M"), ("环境工程", "E"), ("环保设备", "C"), ("水处理科技", "N")],
        products: &["污水处理设备", "VOCs治理装置", "除尘设备", "再生资源", "环境监测仪器", "膜组件"],
    },
    Discipline {
        name: "计算机科学与技术",
        specialties: &["人工智能", "机器视觉", "大数据分析", "工业软件", "信息安全"],
        firm_words: &[("信息技术", "I"), ("软件", "I"), ("智能科技", "I"), ("数据科技", "I")],
        products: &["MES系统", "视觉检测系统", "企业管理软件", "数据平台", "智能终端", "工业APP"],
    },
    Discipline {
        name: "新能源",
        specialties: &["光伏", "储能", "氢能", "风电", "动力电池"],
        firm_words: &[("新能源科技", "C"), ("能源科技", "D"), ("光伏科技", "C"), ("电池", "C"), ("储能技术", "C")],
        products: &["光伏组件", "储能电池包", "逆变器", "锂离子电池", "充电桩", "氢燃料电池电堆"],
    },
    Discipline {
        name: "纺织科学与工程",
        specialties: &["功能纺织品", "印染工艺", "非织造材料", "服装智能制造"],
        firm_words: &[("纺织", "C"), ("服饰", "C"), ("织造", "C"), ("印染", "C")],
        products: &["功能面料", "无纺布", "家纺制品", "针织服装", "产业用纺织品", "化纤纱线"],
    },
    Discipline {
        name: "控制科学与工程",
        specialties: &["自动化控制", "PLC编程", "工业互联网", "过程控制", "运动控制"],
        firm_words: &[("自动化", "C"), ("自动化设备", "C"), ("智能控制", "C"), ("工业技术", "M")],
        products: &["伺服控制系统", "自动化检测设备", "工业机器人工作站", "智能仓储设备", "变频器", "控制柜"],
    },
    Discipline {
        name: "光学工程",
        specialties: &["光学设计", "激光加工", "光电检测", "光纤传感"],
        firm_words: &[("光学", "C"), ("激光科技", "C"), ("光电", "C")],
        products: &["光学镜头", "激光切割机", "光纤激光器", "红外热像仪", "光学膜", "安防摄像模组"],
    },
];

/// Characters of company brand names (字号); two are joined.
pub const BRAND_CHARS: &[&str] = &[
    "华", "瑞", "恒", "泰", "鑫", "达", "博", "远", "宏", "盛", "科", "创", "新", "源", "德", "力", "嘉", "信", "安",
    "禾", "中", "天", "海", "通", "振", "兴", "锐", "晟", "昌", "隆", "友", "联", "宇", "航", "腾", "飞", "正", "维",
    "诚", "金", "峰", "凯", "康", "立", "明", "润", "顺", "铭", "智", "精", "伟", "东", "南", "银", "美", "佳", "丰",
    "益", "和", "众",
];

/// Positions of experts by the kind of their organisation, then by title (正高, 副高, 中级, 初级, 其他).
pub const EXPERT_POSITIONS: [[&[&str]; 5]; 4] = [
    [
        &["教授", "教授、博士生导师", "研究员"],
        &["副教授", "副研究员", "高级工程师"],
        &["讲师", "助理研究员", "工程师"],
        &["助教", "实验员"],
        &["科研助理", "实验室主任"],
    ],
    [
        &["研究员", "研究员、课题组长"],
        &["副研究员", "高级工程师"],
        &["助理研究员", "工程师"],
        &["研究实习员", "助理工程师"],
        &["项目主管", "技术员"],
    ],
    [
        &["正高级工程师", "总工程师"],
        &["高级工程师", "技术总监"],
        &["工程师", "研发经理"],
        &["助理工程师", "技术员"],
        &["项目经理", "技术员"],
    ],
    [&["研究员"], &["高级工程师", "副研究员"], &["工程师", "项目主管"], &["助理工程师"], &["项目经理", "科技咨询师"]],
];

/// Notes a few experts carry.
pub const EXPERT_NOTES: &[&str] =
    &["兼任企业科技副总", "省级科技特派员", "已签订服务承诺书", "服务期内赴外地交流半年", "由市科技局推荐续派"];

/// Positions of enterprise contacts.
pub const CONTACT_POSITIONS: &[&str] =
    &["总经理", "副总经理", "技术总监", "研发部经理", "办公室主任", "生产厂长", "董事长", "行政主管", "质量部经理"];

/// Public mail domains of contacts and of some experts.
pub const PUBLIC_MAIL: &[&str] = &["163.com", "qq.com", "126.com", "139.com", "sina.com"];

/// Mobile number prefixes (three digits) in use.
pub const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "166", "173", "177", "180", "181", "182", "183", "186", "187", "188", "189", "191", "198", "199",
];

/// Production problems named in needs, visits and service records.
pub const PROBLEMS: &[&str] = &[
    "产品一致性差",
    "良品率偏低",
    "单位能耗偏高",
    "关键设备依赖进口",
    "工艺参数依赖老师傅经验",
    "检测手段落后",
    "原材料成本上涨",
    "产品附加值不高",
    "环保排放压力大",
    "研发人员不足",
];

/// Purposes of visits.
pub const VISIT_PURPOSES: &[&str] = &[
    "了解企业{产品}生产情况及技术需求",
    "回访前期对接的{方向}项目进展",
    "调研企业研发投入与创新能力现状",
    "宣讲科技政策，了解企业高企申报准备情况",
    "陪同{单位}团队考察企业生产线",
    "走访了解企业数字化改造意向",
];

/// Findings of visits.
pub const VISIT_FINDINGS: &[&str] = &[
    "企业{产品}存在{问题}的问题，技术人员储备不足",
    "企业有意开展{方向}方面的技术合作，但缺少对接渠道",
    "企业研发机构尚未建立，知识产权布局薄弱",
    "生产线自动化程度较低，{问题}",
    "企业对科技政策了解不够，未申报过科技项目",
    "前期对接项目进展顺利，企业希望扩大合作",
];

/// Next steps of visits.
pub const VISIT_NEXT_STEPS: &[&str] = &[
    "协助企业梳理需求清单，对接{单位}相关团队",
    "两周内安排线上技术交流",
    "整理高企申报材料清单并指导填报",
    "邀请企业技术人员参加{方向}专题培训",
    "形成技术改进方案初稿，下次走访时讨论",
    "跟踪项目进展，按月回访",
];

/// Need titles by need type (技术攻关, 工艺改进, 产品研发, 成果转化, 人才引育, 其他).
pub const NEED_TITLES: [&[&str]; 6] = [
    &["{产品}关键工艺技术攻关", "{方向}核心技术瓶颈突破", "{产品}性能提升技术难题"],
    &["{产品}生产工艺优化", "{产品}良品率提升", "{方向}工艺节能降耗改造"],
    &["新一代{产品}研发", "{方向}新产品开发", "高端{产品}国产化研制"],
    &["引进{方向}相关科技成果", "{方向}专利技术转化合作"],
    &["{方向}方向技术人才引进", "企业研发团队{方向}能力培养"],
    &["{方向}检测认证咨询", "高新技术企业申报技术指导"],
];

/// How enterprises describe a need in their own words.
pub const NEED_ORIGINALS: &[&str] = &[
    "我们公司{产品}{问题}，客户投诉比较多，希望找懂{方向}的专家来帮忙看看。",
    "目前{产品}{问题}，成本压不下来，想和高校合作搞一下技术改进。",
    "公司准备上{方向}方面的新项目，缺技术和人才，请帮忙对接专家。",
    "{产品}{问题}，影响交货期，急需解决。",
    "想了解{方向}有没有成熟的成果可以转化，预算可以商量。",
];

/// Refined problem statements (凝练: problem).
pub const NEED_PROBLEMS: &[&str] = &[
    "{产品}生产过程中{问题}，制约企业产能与质量提升",
    "企业在{方向}领域缺乏核心技术积累，{问题}",
    "{产品}关键性能指标与国外同类产品存在差距",
];

/// Refined key technologies (凝练: key technology).
pub const NEED_KEY_TECHS: &[&str] = &[
    "{方向}关键工艺参数优化与过程控制",
    "{方向}在线检测与质量追溯",
    "{产品}结构与性能优化设计",
    "{产品}失效分析与可靠性提升",
    "{方向}智能控制与数据采集",
];

/// Refined targets (凝练: target) with the range of their number.
pub const NEED_TARGETS: &[(&str, u32, u32)] = &[
    ("良品率提升至{数}%以上", 90, 99),
    ("单位产品能耗降低{数}%", 8, 30),
    ("形成{数}项发明专利并实现小批量试产", 1, 5),
    ("关键指标达到国内先进水平，成本降低{数}%", 5, 20),
    ("年新增产值{数}00万元", 1, 9),
];

/// Notes of stage changes into shelved.
pub const SHELVE_NOTES: &[&str] = &["企业暂缓投入，需求搁置", "企业经营调整，暂不推进", "暂无合适专家，待后续对接"];

/// Note of a stage change into merged.
pub const MERGE_NOTE: &str = "与该企业同类需求合并处理";

/// Content of service records by service type (技术咨询, 技术攻关, 成果转化, 人才培养, 项目申报, 政策宣讲, 培训, 其他).
pub const SERVICE_CONTENTS: [&[&str]; 8] = [
    &["就{产品}{问题}为企业提供现场技术咨询", "解答企业{方向}相关技术问题", "指导企业技术人员开展{方向}工艺诊断"],
    &["与企业联合开展{产品}关键技术攻关", "驻厂调试{方向}工艺参数，开展对比试验", "完成{产品}样品性能测试与改进"],
    &["推动{方向}相关专利技术在企业转化", "对接高校{方向}成果，洽谈技术转让", "协助企业完成成果中试"],
    &["指导企业研发团队开展{方向}课题研究", "帮助企业引进{方向}方向技术人员"],
    &["指导企业申报省级科技项目", "协助企业准备高新技术企业认定材料", "辅导企业申报研发费用加计扣除"],
    &["向企业宣讲科技创新政策", "解读科技型中小企业评价政策"],
    &["为企业员工开展{方向}专题培训", "组织{产品}质量管理培训"],
    &["陪同企业参加行业技术交流会", "协助企业对接检测认证机构"],
];

/// Qualitative outcomes of records without figures.
pub const PLAIN_OUTCOMES: &[&str] = &[
    "提出改进建议{数}条",
    "解答企业技术问题{数}个",
    "形成技术诊断报告1份",
    "企业已按建议调整工艺",
    "完成需求凝练，进入对接阶段",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        for org in ORGANIZATIONS {
            for field in org.fields {
                assert!(DISCIPLINES.iter().any(|d| d.name == *field), "{}: unknown discipline {field}", org.name);
            }
        }
        for r in REGIONS {
            assert!(r.code.len() == 6 && r.code.bytes().all(|b| b.is_ascii_digit()), "{}", r.code);
            assert!(r.area_code.starts_with('0'), "{}", r.area_code);
            assert_eq!(r.area_code.len() == 3, r.area_code.starts_with("01") || r.area_code.starts_with("02"));
        }
        for d in DISCIPLINES {
            assert!(d.specialties.len() >= 3 && d.products.len() >= 3, "{}", d.name);
            for (_, section) in d.firm_words {
                assert!(section.len() == 1 && ("A"..="T").contains(section), "{section}");
            }
        }
        let mut names: Vec<&str> = ORGANIZATIONS.iter().map(|o| o.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ORGANIZATIONS.len(), "organisation names are unique");
        assert!((30..=60).contains(&ORGANIZATIONS.len()));
    }
}
