/* Benchmark plan generator: see gen_plan.h.
 *
 *   gen_plan [-n MEASURES] [-u UNITS] [-a PER_MEASURE] [-s SEED] [-c CHANGED%] -o FILE
 *
 * Defaults: 1000 measures, 200 units, 6 assignments per measure, seed 1,
 * 25% of assignments changed at least once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fengong/plan.h"
#include "gen_plan.h"

/* ------------------------------------------------------------ randomness */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	/* splitmix64: tiny, good enough, identical everywhere */
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t rng_below(struct rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

#define PICK(r, arr) ((arr)[rng_below((r), sizeof(arr) / sizeof *(arr))])

/* ------------------------------------------------------------ Chinese numerals */

static void numeral_4(unsigned n, bool leading, char *out, size_t len)
{
	static const char *const dig[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const pos[] = {"千", "百", "十", ""};
	unsigned div[] = {1000, 100, 10, 1};
	bool zero = false, any = false;
	for (int i = 0; i < 4; i++) {
		unsigned d = n / div[i] % 10;
		if (!d) {
			zero = any || !leading;
			continue;
		}
		if (zero && (any || !leading))
			strncat(out, dig[0], len - strlen(out) - 1);
		zero = false;
		/* 十 alone for 10..19 at the very start: 十五, not 一十五 */
		if (!(leading && !any && i == 2 && d == 1))
			strncat(out, dig[d], len - strlen(out) - 1);
		strncat(out, pos[i], len - strlen(out) - 1);
		any = true;
	}
}

/* 1..99 999 999 as Chinese numerals: 一, 十八, 一百零一, 一万二千三百四十五 */
static void numeral(unsigned n, char *out, size_t len)
{
	out[0] = 0;
	unsigned hi = n / 10000, lo = n % 10000;
	if (hi) {
		numeral_4(hi, true, out, len);
		strncat(out, "万", len - strlen(out) - 1);
		if (lo) /* adds its own leading 零: 一万零五 */
			numeral_4(lo, false, out, len);
	} else {
		numeral_4(lo, true, out, len);
	}
}

/* ------------------------------------------------------------ text pools */

static const char *const dept_short[] = {
	"发改委", "科技局", "经信局", "财政局", "教育局", "公安局", "民政局", "司法局", "人社局",
	"自然资源和规划局", "生态环境局", "住建局", "交通运输局", "水利和湖泊局", "农业农村局", "商务局",
	"文旅局", "卫健委", "应急管理局", "审计局", "国资委", "市场监管局", "统计局", "医保局", "数据局",
	"城管执法局", "林业局", "退役军人事务局", "信访局", "行政审批局", "招商服务中心", "外事办",
	"金融办", "税务局", "供电公司", "融媒体中心", "住房公积金中心", "粮食和物资储备局", "档案馆",
	"民宗局", "人防办", "气象局", "邮政管理局", "消防救援支队", "机关事务服务中心", "总工会",
	"团委", "妇联", "科协", "工商联", "残联", "红十字会", "侨联", "社科联", "文联", "公共资源交易中心",
	"大数据中心", "营商环境办", "乡村振兴局", "医疗保障局", "地震局", "保密局", "政务服务中心",
	"生态环境分局", "自然资源分局", "规划分局", "交通运输分局", "公安分局", "税务分局",
};
/* full names for the first departments: registered as aliases */
static const char *const dept_full[] = {
	"发展和改革委员会", "科学技术局", "经济和信息化局", "", "", "", "", "", "人力资源和社会保障局", "", "",
	"住房和城乡建设局", "", "", "", "", "文化和旅游局", "卫生健康委员会", NULL,
};
static const char *const prefixes[] = {"市", "鄂城区", "华容区", "梁子湖区", "葛店经开区", "临空经济区"};

static const char *const verbs[] = {
	"加快推进", "统筹推进", "着力提升", "持续深化", "大力发展", "积极培育", "全面加强", "稳步推进",
	"加快构建", "深入实施", "不断完善", "有序推动", "全力打造", "切实强化", "扎实开展", "探索建立",
};
static const char *const objects[] = {
	"全域科技创新", "关键核心技术攻关", "科技成果转化", "传统产业改造升级", "战略性新兴产业集群",
	"未来产业布局", "数字经济和实体经济融合", "现代物流体系", "航空港经济综合实验区", "绿色低碳转型",
	"园区循环化改造", "新型储能和氢能产业", "要素市场化配置改革", "营商环境优化", "科技金融服务",
	"人才引育机制", "产教融合平台", "高标准农田建设", "武昌鱼产业链", "光电子信息产业",
	"生物医药产业园", "低空经济示范区", "算力基础设施", "工业互联网平台", "专精特新企业梯度培育",
	"开发区体制机制改革", "国有企业改革深化提升", "招商引资项目落地", "质量品牌建设", "知识产权保护",
	"AI+生命健康产业", "5G应用场景", "新能源汽车零部件", "智能制造示范工厂", "城市更新行动",
	"长江大保护", "梁子湖流域综合治理", "公共数据开放共享", "政务服务一网通办", "跨境电商综试区",
};
static const char *const clauses[] = {
	"坚持以企业为主体、市场为导向", "聚焦优势主导产业发展需求", "对标先进地区经验做法",
	"按照“一业一策”的工作思路", "围绕产业链部署创新链", "强化要素保障和政策支撑",
	"建立健全工作推进机制", "完善考核评价和激励约束机制", "发挥龙头企业引领带动作用",
	"用好超长期特别国债等资金", "加强与省级平台对接", "深化与武汉都市圈协同联动",
	"以项目化、清单化方式推进", "加快补齐短板弱项", "统筹发展和安全",
};
static const char *const goals[] = {
	"形成一批可复制可推广的经验", "打造一批标杆示范项目", "培育一批骨干龙头企业",
	"建成一批高水平创新平台", "引进一批高层次人才团队", "突破一批“卡脖子”技术难题",
	"推动产业规模迈上新台阶", "实现质量效益同步提升",
};
/* quantitative targets: a head and the unit its number is counted in */
static const char *const target_heads[][2] = {
	{"高新技术企业突破", "家"}, {"新增规上工业企业", "家"}, {"技术合同成交额达到", "亿元"},
	{"研发经费投入年均增长", "%"}, {"新建5G基站", "个"}, {"培育省级专精特新企业", "家"},
	{"引进高层次人才", "人"}, {"完成技改投资", "亿元"}, {"数字经济核心产业增加值占GDP比重达", "%"},
	{"新增市级以上创新平台", "个"}, {"新改建农村公路", "公里"}, {"减少二氧化碳排放", "万吨"},
	{"实施重点项目", "项"},
};
static const char *const section_titles[] = {
	"加快科技创新能力建设", "构建现代化产业体系", "加快发展方式绿色转型", "推进体制机制改革创新",
	"畅通教育科技人才良性循环", "加强组织保障", "扩大高水平对外开放", "推动城乡融合发展",
	"提升数字化治理水平", "强化要素支撑保障",
};
static const char *const notes[] = {
	"已完成摸底调查,形成任务清单", "已召开专题推进会,明确责任分工", "工作方案已印发,正在组织实施",
	"已完成年度目标的%u%%", "受资金到位影响,进度有所滞后", "需市直部门协调用地指标",
	"项目已开工建设,累计完成投资%u亿元", "已报送阶段性进展材料", "正在开展第三方评估",
	"与省厅对接中,待批复", "进度: 已完成%u%%", "配套政策已出台,持续跟踪落实",
	"本季度新增签约项目%u个", "因审批手续未齐备,暂缓推进", "已纳入年度重点工作台账",
};
static const char *const people[] = {
	"zhang.wei", "li.na", "wang.fang", "liu.yang", "chen.jing", "yang.min", "zhao.lei", "huang.li",
	"zhou.qiang", "wu.xia", "xu.tao", "sun.hui", "ma.jun", "zhu.hong", "hu.bin", "guo.ying",
};

/* ------------------------------------------------------------ helpers */

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_add(b, tmp);
}

static void target_text(struct rng *r, char *out, size_t len)
{
	const char *const *t = target_heads[rng_below(r, sizeof target_heads / sizeof *target_heads)];
	unsigned v = strcmp(t[1], "%") == 0 ? (unsigned)(5 + rng_below(r, 60)) : (unsigned)(10 + rng_below(r, 990));
	snprintf(out, len, "%s%u%s%s", t[0], v, t[1], rng_below(r, 2) ? "以上" : "");
}

void gen_opts_default(struct gen_opts *o)
{
	o->measures = 1000;
	o->units = 200;
	o->per_measure = 6;
	o->seed = 1;
	o->changed_pct = 25;
}

/* One pending change of an assignment (applied in shuffled order). */
struct change {
	uint32_t measure, asg;
	uint8_t status;
};

static void shuffle(struct rng *r, struct change *c, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rng_below(r, i);
		struct change t = c[i - 1];
		c[i - 1] = c[j];
		c[j] = t;
	}
}

bool gen_plan_write(const struct gen_opts *o, const char *path, char *err, size_t errlen)
{
	size_t ndept = sizeof dept_short / sizeof *dept_short;
	size_t npref = sizeof prefixes / sizeof *prefixes;
	if (o->units < 2 || o->units > ndept * npref || o->per_measure > o->units || o->measures < 1 ||
	    o->measures > 10000000) {
		snprintf(err, errlen, "need 2..%zu units, per-measure <= units, 1..10000000 measures", ndept * npref);
		return false;
	}
	/* Fixed time zone so the timestamps (and so the hashes) do not depend on the machine. */
	setenv("TZ", "CST-8", 1);
	tzset();

	struct rng r = {o->seed * 0x2545F4914F6CDD1Dull + 1};
	struct fg_plan *p = fg_plan_new();
	p->title = fg_plan_strdup(p, "鄂州市加快培育新质生产力推动产业高质量发展实施方案(基准测试生成)");
	p->number = fg_plan_strdup(p, "鄂州政办发〔2024〕24号");
	p->issuer = fg_plan_strdup(p, "鄂州市人民政府办公室");
	p->date = fg_plan_strdup(p, "2024-11-07");
	fg_plan_add_target(p, "全社会研发经费投入年均增长12%以上", "2029-12-31");
	fg_plan_add_target(p, "科技成果就地转化率提高到80%以上", "2029-12-31");
	fg_plan_add_target(p, "制造业增加值占GDP比重达30%", "");

	/* Units: 各区人民政府 (with members) first, then prefix x department. */
	struct fg_unit *u0 = fg_plan_add_unit(p, "各区人民政府");
	fg_unit_add_alias(p, u0, "各区");
	fg_unit_add_member(p, u0, "葛店经开区管委会");
	fg_unit_add_member(p, u0, "临空经济区管委会");
	for (size_t i = 1; i < o->units; i++) {
		size_t k = i - 1;
		const char *pref = prefixes[k / ndept], *dept = dept_short[k % ndept];
		char name[128];
		snprintf(name, sizeof name, "%s%s", pref, dept);
		struct fg_unit *u = fg_plan_add_unit(p, name);
		if (k % ndept < sizeof dept_full / sizeof *dept_full - 1 && k / ndept < 2 && *dept_full[k % ndept]) {
			snprintf(name, sizeof name, "%s%s", pref, dept_full[k % ndept]);
			if (strcmp(name, u->name) != 0)
				fg_unit_add_alias(p, u, name);
		}
	}

	size_t nsec = o->measures / 150;
	if (nsec < 6)
		nsec = 6;
	if (nsec > 60)
		nsec = 60;
	if (nsec > o->measures)
		nsec = o->measures;
	char **sec_ids = calloc(nsec, sizeof *sec_ids);
	for (size_t s = 0; s < nsec; s++) {
		char id[64], title[256];
		numeral((unsigned)s + 2, id, sizeof id);
		snprintf(title, sizeof title, "%s", section_titles[s % (sizeof section_titles / sizeof *section_titles)]);
		if (s >= sizeof section_titles / sizeof *section_titles)
			snprintf(title + strlen(title), sizeof title - strlen(title), "(%zu)", s + 1);
		fg_plan_add_section(p, id, title);
		sec_ids[s] = strdup(id);
	}

	size_t *pick = calloc(o->per_measure + 1, sizeof *pick);
	struct sbuf text = {0};
	for (size_t i = 0; i < o->measures; i++) {
		char label[96], num[80], title[256], tgt[200];
		numeral((unsigned)i + 1, num, sizeof num);
		snprintf(label, sizeof label, "(%s)", num);
		snprintf(title, sizeof title, "%s%s", PICK(&r, verbs), PICK(&r, objects));
		text.len = 0;
		if (text.s)
			text.s[0] = 0;
		sb_printf(&text, "%s。", title);
		size_t ntg = rng_below(&r, 3);
		char targets[2][200];
		size_t sentences = 1 + rng_below(&r, 4);
		for (size_t s = 0; s < sentences; s++) {
			sb_printf(&text, "%s,%s%s%s,%s", PICK(&r, clauses), PICK(&r, verbs), PICK(&r, objects),
				  rng_below(&r, 2) ? "建设" : "工作", PICK(&r, goals));
			if (s < ntg) {
				target_text(&r, tgt, sizeof tgt);
				snprintf(targets[s], sizeof targets[s], "%s", tgt);
				sb_printf(&text, ",力争到%u年%s", 2025 + (unsigned)rng_below(&r, 5), tgt);
			}
			sb_add(&text, "。");
		}
		struct fg_measure *m = fg_plan_add_measure(p, (int)i + 1, label, sec_ids[i * nsec / o->measures], title,
							   text.s);
		for (size_t s = 0; s < ntg; s++)
			fg_measure_add_target(p, m, targets[s]);
		if (rng_below(&r, 4)) {
			char due[16];
			snprintf(due, sizeof due, "%u-%s", 2025 + (unsigned)rng_below(&r, 5), rng_below(&r, 2) ? "12-31" : "06-30");
			m->due = fg_plan_strdup(p, due);
		}
		/* distinct units, skewed towards the city-level departments */
		size_t n = 0;
		while (n < o->per_measure) {
			size_t a = rng_below(&r, o->units), b = rng_below(&r, o->units);
			size_t ui = rng_below(&r, 3) ? (a < b ? a : b) : a;
			size_t k;
			for (k = 0; k < n && pick[k] != ui; k++)
				;
			if (k == n)
				pick[n++] = ui;
		}
		size_t leads = rng_below(&r, 10) == 0 ? 2 : 1;
		for (size_t k = 0; k < n; k++)
			fg_measure_add_assignment(p, m, p->units[pick[k]].name, k < leads ? FG_ROLE_LEAD : FG_ROLE_CO);
	}
	free(text.s);
	free(pick);

	struct fg_diag d;
	fg_diag_init(&d, path);
	if (!fg_plan_validate(p, &d)) {
		char msg[700];
		fg_diag_format(&d, 0, msg, sizeof msg);
		snprintf(err, errlen, "generated plan is invalid: %s", msg);
		goto fail;
	}

	/* Changes: each changed assignment reaches its final status through
	 * one or two steps; steps are applied in a shuffled order over time. */
	size_t total = o->measures * o->per_measure;
	struct change *first = malloc((total + 1) * sizeof *first), *second = malloc((total + 1) * sizeof *second);
	size_t nfirst = 0, nsecond = 0;
	for (size_t i = 0; i < o->measures; i++)
		for (size_t k = 0; k < o->per_measure; k++) {
			if (rng_below(&r, 100) >= o->changed_pct)
				continue;
			size_t x = rng_below(&r, 100);
			enum fg_status fin = x < 55 ? FG_STATUS_IN_PROGRESS : x < 75 ? FG_STATUS_DONE
					   : x < 90 ? FG_STATUS_DELAYED : FG_STATUS_BLOCKED;
			first[nfirst++] = (struct change){(uint32_t)i, (uint32_t)k, FG_STATUS_IN_PROGRESS};
			if (fin != FG_STATUS_IN_PROGRESS)
				second[nsecond++] = (struct change){(uint32_t)i, (uint32_t)k, (uint8_t)fin};
		}
	shuffle(&r, first, nfirst);
	shuffle(&r, second, nsecond);
	time_t now = 1740790800; /* 2025-03-01 09:00 +08:00 */
	size_t nchanges = nfirst + nsecond;
	long step = nchanges ? (long)(2 * 300 * 86400 / nchanges) : 1; /* about 300 days in all */
	if (step < 2)
		step = 2;
	for (size_t pass = 0; pass < 2; pass++) {
		struct change *c = pass ? second : first;
		size_t nc = pass ? nsecond : nfirst;
		for (size_t i = 0; i < nc; i++) {
			struct fg_measure *m = &p->measures[c[i].measure];
			struct fg_assignment *a = &m->asg[c[i].asg];
			char note[256];
			snprintf(note, sizeof note, PICK(&r, notes), (unsigned)(10 + rng_below(&r, 90)));
			struct fg_actor who = {0};
			who.by = PICK(&r, people);
			who.as = rng_below(&r, 10) < 7 ? a->unit : NULL;
			now += 1 + (long)rng_below(&r, (size_t)step);
			if (!fg_plan_set(p, m, a, (enum fg_status)c[i].status, note, &who, now, &d)) {
				char msg[700];
				fg_diag_format(&d, 0, msg, sizeof msg);
				snprintf(err, errlen, "fg_plan_set failed: %s", msg);
				free(first);
				free(second);
				goto fail;
			}
		}
	}
	free(first);
	free(second);

	struct fg_save_opts so = {.path = path, .canonical = true};
	if (!fg_plan_save(p, &so, &d)) {
		char msg[700];
		fg_diag_format(&d, 0, msg, sizeof msg);
		snprintf(err, errlen, "%s", msg);
		goto fail;
	}
	for (size_t s = 0; s < nsec; s++)
		free(sec_ids[s]);
	free(sec_ids);
	fg_diag_free(&d);
	fg_plan_free(p);
	return true;
fail:
	for (size_t s = 0; s < nsec; s++)
		free(sec_ids[s]);
	free(sec_ids);
	fg_diag_free(&d);
	fg_plan_free(p);
	return false;
}

#ifndef GEN_PLAN_NO_MAIN
#include <unistd.h>

static void usage(void)
{
	fputs("usage: gen_plan [-n MEASURES] [-u UNITS] [-a PER_MEASURE] [-s SEED] [-c CHANGED%] -o FILE\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct gen_opts o;
	gen_opts_default(&o);
	const char *out = NULL;
	int c;
	while ((c = getopt(argc, argv, "n:u:a:s:c:o:h")) != -1) {
		switch (c) {
		case 'n': o.measures = strtoul(optarg, NULL, 10); break;
		case 'u': o.units = strtoul(optarg, NULL, 10); break;
		case 'a': o.per_measure = strtoul(optarg, NULL, 10); break;
		case 's': o.seed = strtoull(optarg, NULL, 10); break;
		case 'c': o.changed_pct = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'o': out = optarg; break;
		default: usage();
		}
	}
	if (!out || optind != argc)
		usage();
	char err[1024];
	if (!gen_plan_write(&o, out, err, sizeof err)) {
		fprintf(stderr, "gen_plan: %s\n", err);
		return 1;
	}
	return 0;
}
#endif
