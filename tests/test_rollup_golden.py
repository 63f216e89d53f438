"""Golden test: the roll-up of the embedded example (the five unit inputs of 达川区人社局 2024)
reproduces every department-level figure the seed publishes in 表1, 表1-2, 表2, 表3, 表3-1 and
表3-2 — rows, order, labels and amounts (rounded to 0.01 ROUND_HALF_UP at presentation).

The only differences are where the seed's own rows and subtotals disagree by rounding (尾差): the
example keeps the seed's detail lines as published (see example/SEED_NOTES.md), so our subtotals
are the exact sums of those lines. Each difference is listed in KNOWN_DIFFERENCES with the seed's
figure and ours; the test fails if a difference appears that is not listed, if a listed one
disappears, or if any exceeds 0.01.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from deptbudget.core.money import round2
from deptbudget.rollup.tables import build_tables
from deptbudget.rollup.tree import build_tree

D = Decimal


@pytest.fixture(scope="module")
def tables():
    from deptbudget.example import load_example

    return build_tables(build_tree(load_example()))


def parse(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.strip("\n").split("\n")]


def money_of(cell: str):
    cell = cell.strip()
    return D(cell.replace(",", "")) if cell else None


def norm(text) -> str:
    return "" if text is None else str(text).replace("(", "（").replace(")", "）").replace(" ", "")


def is_money(cell: str) -> bool:
    c = cell.strip().replace(",", "")
    return bool(c) and c.replace(".", "", 1).isdigit() and "." in c


def seed_key(table: str, cells: list[str], units: dict[str, str], nxt: list[str] | None):
    """The machine key of a seed row, from its codes (as our tables key rows)."""
    if table in ("t1_2", "t3", "t3_2"):
        cls, kuan, xiang, unit, name = (cells + [""] * 5)[:5]
        if cls:
            if table == "t3_2":
                return ("project", unit, name)
            return ("func", cls + kuan + xiang, unit)
        if name == "合 计":
            return ("total",)
        if not name:
            return ("dept",)
        if name in units:
            return ("unit", units[name])
        if name.endswith("本级"):
            return ("unit", "139")
        return ("func", nxt[0] + nxt[1] + nxt[2], nxt[3])  # 表3-2 项 subtotal: codes from the next row
    cls, kuan, code, name = (cells + [""] * 4)[:4]
    if name == "合 计":
        return ("total",)
    if not name:
        return ("dept",)
    if len(code) == 6:
        return ("unit", code)
    return None  # 表3-1 class / econ rows: keyed with the current unit by the caller


def seed_rows(table: str, units: dict[str, str]):
    """(key, cells) of the seed's rows; keys for 表1/表2 are the row positions."""
    rows = parse(SEED[table])
    out, unit = [], None
    for i, cells in enumerate(rows):
        if table in ("t1", "t2"):
            out.append((i, cells))
            continue
        key = seed_key(table, cells, units, rows[i + 1] if i + 1 < len(rows) else None)
        if key is None:  # 表3-1
            code = cells[2]
            key = ("econ_class", code, unit) if len(code) == 3 else ("econ", code, unit)
        elif key[0] == "unit":
            unit = key[1]
        out.append((key, cells))
    return out


def our_row(table, key):
    if isinstance(key, int):
        return table.rows[key]
    return table.find(*key)


def compare(table_key: str, tables) -> dict:
    """{(table, key, column): (seed, ours)} for every cell where they differ."""
    table = tables[table_key]
    name_col = 3 if table_key == "t3_1" else 4
    units = {r.values[name_col]: r.key[1] for r in table.rows if r.key[:1] == ("unit",)}
    diffs = {}
    for key, cells in seed_rows(table_key, units):
        row = our_row(table, key)
        assert row is not None, f"{table_key}: no row {key}"
        ours = list(row.values)
        for j in range(len(ours)):
            seed_cell = cells[j] if j < len(cells) else ""
            if table.cols[j].kind == "money":
                mine = round2(ours[j]) if ours[j] is not None else None
                theirs = money_of(seed_cell)
            else:
                mine, theirs = norm(ours[j]), norm(seed_cell)
            if mine != theirs:
                diffs[(table_key, key, j)] = (theirs, mine)
    return diffs


TABLES = ("t1", "t1_2", "t2", "t3", "t3_1", "t3_2")


@pytest.mark.parametrize("key", ("t1_2", "t3", "t3_1", "t3_2"))
def test_rows_and_order_as_published(tables, key):
    name_col = 3 if key == "t3_1" else 4
    units = {r.values[name_col]: r.key[1] for r in tables[key].rows if r.key[:1] == ("unit",)}
    assert [k for k, _ in seed_rows(key, units)] == [r.key for r in tables[key].rows]


@pytest.mark.parametrize("key", ("t1", "t2"))
def test_fixed_tables_have_the_seed_rows(tables, key):
    assert len(tables[key].rows) == len(parse(SEED[key]))


def test_every_published_figure_is_reproduced(tables):
    diffs = {}
    for key in TABLES:
        diffs.update(compare(key, tables))
    assert diffs == KNOWN_DIFFERENCES | SEED_SLIPS


def test_known_differences_are_rounding_only():
    """0.01 per rounded term: a department total sums five rounded unit rows."""
    for where, (seed, ours) in KNOWN_DIFFERENCES.items():
        terms = 5 if where[1] in (("total",), ("dept",), ("unit", "139")) else 1
        assert seed is not None and ours is not None, where
        assert abs(seed - ours) <= D("0.01") * terms, where


# (table, row key or 表1/表2 row position, column) → (seed's figure, ours).
# Empty: the example holds 元-precise amounts (example/reconstruct.py), so every published figure
# is the rounding of the exact sum of the example's lines (see example/SOURCES.md).
KNOWN_DIFFERENCES: dict = {}

# Labels where the seed slips and the tables do not copy it: 表3 labels the whole department's block
# 「…本级」, but 本级 is the department's own unit (139001), not all five (see example/SEED_NOTES.md).
SEED_SLIPS = {
    ("t3", ("unit", "139"), 4): ("达州市达川区人力资源和社会保障局本级", "达州市达川区人力资源和社会保障局"),
}

# The seed's published figures (../shared/seeds/000_729f2be6f9b5a926.txt), copied verbatim:
# tab-separated rows of 表1, 表1-2, 表2, 表3, 表3-1 and 表3-2 (page-break blank lines dropped).
SEED = {
    "t1": """\
一、一般公共预算拨款收入\t8,022.01\t一、一般公共服务支出\t
二、政府性基金预算拨款收入\t\t二、外交支出\t
三、国有资本经营预算拨款收入\t\t三、国防支出\t
四、事业收入\t\t四、公共安全支出\t
五、事业单位经营收入\t\t五、教育支出\t
六、其他收入\t\t六、科学技术支出\t
\t\t七、文化旅游体育与传媒支出\t
\t\t八、社会保障和就业支出\t7,723.43
\t\t九、社会保险基金支出\t
\t\t十、卫生健康支出\t99.10
\t\t十一、节能环保支出\t
\t\t十二、城乡社区支出\t
\t\t十三、农林水支出\t
\t\t十四、交通运输支出\t
\t\t十五、资源勘探工业信息等支出\t
\t\t十六、商业服务业等支出\t
\t\t十七、金融支出\t
\t\t十八、援助其他地区支出\t
\t\t十九、自然资源海洋气象等支出\t
\t\t二十、住房保障支出\t199.47
\t\t二十一、粮油物资储备支出\t
\t\t二十二、国有资本经营预算支出\t
\t\t二十三、灾害防治及应急管理支出\t
\t\t二十四、其他支出\t
\t\t二十五、债务还本支出\t
\t\t二十六、债务付息支出\t
\t\t二十七、债务发行费用支出\t
\t\t二十八、抗疫特别国债安排的支出\t
本年收入合计\t8,022.01\t本年支出合计\t8,022.01
七、上年结转\t\t\t
收入总计\t8,022.01\t支出总计\t8,022.01
""",
    "t1_2": """\
\t\t\t\t合 计\t8,022.01\t2,397.89\t5,624.12
\t\t\t\t\t8,022.01\t2,397.89\t5,624.12
\t\t\t\t达州市达川区人力资源和社会保障局\t1,039.07\t981.35\t57.72
208\t01\t01\t139001\t行政运行\t760.59\t760.59\t
208\t01\t02\t139001\t一般行政管理事务\t45.72\t\t45.72
208\t01\t05\t139001\t劳动保障监察\t8.00\t\t8.00
208\t01\t12\t139001\t劳动人事争议调解仲裁\t4.00\t\t4.00
208\t05\t05\t139001\t机关事业单位基本养老保险缴费支出\t99.07\t99.07\t
210\t11\t01\t139001\t行政单位医疗\t28.85\t28.85\t
210\t11\t02\t139001\t事业单位医疗\t5.59\t5.59\t
210\t11\t03\t139001\t公务员医疗补助\t5.22\t5.22\t
221\t02\t01\t139001\t住房公积金\t82.02\t82.02\t
\t\t\t\t达州市达川区社会保险事业管理局\t802.14\t765.14\t37.00
208\t01\t01\t139002\t行政运行\t593.12\t593.12\t
208\t01\t02\t139002\t一般行政管理事务\t37.00\t\t37.00
208\t05\t05\t139002\t机关事业单位基本养老保险缴费支出\t77.10\t77.10\t
210\t11\t01\t139002\t行政单位医疗\t27.23\t27.23\t
210\t11\t03\t139002\t公务员医疗补助\t4.20\t4.20\t
221\t02\t01\t139002\t住房公积金\t63.49\t63.49\t
\t\t\t\t达州市达川区社会保险基金监督管理局\t191.71\t183.71\t8.00
208\t01\t01\t139003\t行政运行\t150.62\t142.62\t8.00
208\t05\t05\t139003\t机关事业单位基本养老保险缴费支出\t18.35\t18.35\t
210\t11\t01\t139003\t行政单位医疗\t6.49\t6.49\t
210\t11\t03\t139003\t公务员医疗补助\t0.96\t0.96\t
221\t02\t01\t139003\t住房公积金\t15.29\t15.29\t
\t\t\t\t达州市达川区城乡居民社会养老保险局\t5,721.13\t210.73\t5,510.40
208\t01\t01\t139004\t行政运行\t163.16\t163.16\t
208\t01\t02\t139004\t一般行政管理事务\t10.40\t\t10.40
208\t05\t05\t139004\t机关事业单位基本养老保险缴费支出\t21.00\t21.00\t
208\t26\t02\t139004\t财政对城乡居民基本养老保险基金的补助\t2,000.00\t\t2,000.00
208\t99\t99\t139004\t其他社会保障和就业支出\t3,500.00\t\t3,500.00
210\t11\t01\t139004\t行政单位医疗\t7.56\t7.56\t
210\t11\t03\t139004\t公务员医疗补助\t1.56\t1.56\t
221\t02\t01\t139004\t住房公积金\t17.45\t17.45\t
\t\t\t\t达州市达川区就业服务管理局\t267.96\t256.96\t11.00
208\t01\t01\t139005\t行政运行\t198.64\t198.64\t
208\t01\t02\t139005\t一般行政管理事务\t11.00\t\t11.00
208\t05\t05\t139005\t机关事业单位基本养老保险缴费支出\t25.66\t25.66\t
210\t11\t01\t139005\t行政单位医疗\t9.34\t9.34\t
210\t11\t03\t139005\t公务员医疗补助\t2.10\t2.10\t
221\t02\t01\t139005\t住房公积金\t21.22\t21.22\t
""",
    "t2": """\
一、本年收入\t8,022.01\t一、本年支出\t8,022.01\t8,022.01\t\t
一般公共预算拨款收入\t8,022.01\t一般公共服务支出\t\t\t\t
政府性基金预算拨款收入\t\t外交支出\t\t\t\t
国有资本经营预算拨款收入\t\t国防支出\t\t\t\t
二、上年结转\t\t公共安全支出\t\t\t\t
一般公共预算拨款收入\t\t教育支出\t\t\t\t
政府性基金预算拨款收入\t\t科学技术支出\t\t\t\t
国有资本经营预算拨款收入\t\t文化旅游体育与传媒支出\t\t\t\t
\t\t社会保障和就业支出\t7,723.43\t7,723.43\t\t
\t\t社会保险基金支出\t\t\t\t
\t\t卫生健康支出\t99.10\t99.10\t\t
\t\t节能环保支出\t\t\t\t
\t\t城乡社区支出\t\t\t\t
\t\t农林水支出\t\t\t\t
\t\t交通运输支出\t\t\t\t
\t\t资源勘探工业信息等支出\t\t\t\t
\t\t商业服务业等支出\t\t\t\t
\t\t金融支出\t\t\t\t
\t\t援助其他地区支出\t\t\t\t
\t\t自然资源海洋气象等支出\t\t\t\t
\t\t住房保障支出\t199.47\t199.47\t\t
\t\t粮油物资储备支出\t\t\t\t
\t\t国有资本经营预算支出\t\t\t\t
\t\t灾害防治及应急管理支出\t\t\t\t
\t\t其他支出\t\t\t\t
\t\t债务还本支出\t\t\t\t
\t\t债务付息支出\t\t\t\t
\t\t债务发行费用支出\t\t\t\t
\t\t抗疫特别国债安排的支出\t\t\t\t
""",
    "t3": """\
\t\t\t\t合 计\t8,022.01\t8,022.01
\t\t\t\t\t8,022.01\t8,022.01
\t\t\t\t达州市达川区人力资源和社会保障局本级\t8,022.01\t8,022.01
208\t01\t01\t139\t行政运行\t1,866.13\t1,866.13
208\t01\t02\t139\t一般行政管理事务\t104.12\t104.12
208\t01\t05\t139\t劳动保障监察\t8.00\t8.00
208\t01\t12\t139\t劳动人事争议调解仲裁\t4.00\t4.00
208\t05\t05\t139\t机关事业单位基本养老保险缴费支出\t241.18\t241.18
208\t26\t02\t139\t财政对城乡居民基本养老保险基金的补助\t2,000.00\t2,000.00
208\t99\t99\t139\t其他社会保障和就业支出\t3,500.00\t3,500.00
210\t11\t01\t139\t行政单位医疗\t79.47\t79.47
210\t11\t02\t139\t事业单位医疗\t5.59\t5.59
210\t11\t03\t139\t公务员医疗补助\t14.04\t14.04
221\t02\t01\t139\t住房公积金\t199.47\t199.47
""",
    "t3_1": """\
\t\t\t合 计\t2,397.89\t2,053.34\t344.56
\t\t\t\t2,397.89\t2,053.34\t344.56
\t\t139001\t达州市达川区人力资源和社会保障局\t981.35\t843.75\t137.60
\t\t301\t工资福利支出\t842.67\t842.67\t
301\t01\t30101\t基本工资\t253.36\t253.36\t
301\t02\t30102\t津贴补贴\t144.19\t144.19\t
301\t03\t30103\t奖金\t170.42\t170.42\t
301\t07\t30107\t绩效工资\t25.76\t25.76\t
301\t08\t30108\t机关事业单位基本养老保险缴费\t99.07\t99.07\t
301\t10\t30110\t职工基本医疗保险缴费\t34.45\t34.45\t
301\t11\t30111\t公务员医疗补助缴费\t5.22\t5.22\t
301\t12\t30112\t其他社会保障缴费\t1.69\t1.69\t
301\t13\t30113\t住房公积金\t82.02\t82.02\t
301\t99\t30199\t其他工资福利支出\t26.49\t26.49\t
\t\t302\t商品和服务支出\t136.10\t\t136.10
302\t01\t30201\t办公费\t19.50\t\t19.50
302\t02\t30202\t印刷费\t0.60\t\t0.60
302\t03\t30203\t咨询费\t1.00\t\t1.00
302\t04\t30204\t手续费\t0.50\t\t0.50
302\t05\t30205\t水费\t0.30\t\t0.30
302\t06\t30206\t电费\t5.00\t\t5.00
302\t07\t30207\t邮电费\t0.30\t\t0.30
302\t09\t30209\t物业管理费\t2.80\t\t2.80
302\t11\t30211\t差旅费\t14.00\t\t14.00
302\t13\t30213\t维修（护）费\t3.00\t\t3.00
302\t15\t30215\t会议费\t2.22\t\t2.22
302\t16\t30216\t培训费\t1.00\t\t1.00
302\t17\t30217\t公务接待费\t3.00\t\t3.00
302\t28\t30228\t工会经费\t23.82\t\t23.82
302\t29\t30229\t福利费\t5.58\t\t5.58
302\t31\t30231\t公务用车运行维护费\t4.00\t\t4.00
302\t39\t30239\t其他交通费用\t38.58\t\t38.58
302\t99\t30299\t其他商品和服务支出\t10.90\t\t10.90
\t\t303\t对个人和家庭的补助\t1.08\t1.08\t
303\t05\t30305\t生活补助\t1.07\t1.07\t
303\t09\t30309\t奖励金\t0.01\t0.01\t
\t\t309\t资本性支出（基本建设）\t1.50\t\t1.50
309\t02\t30902\t办公设备购置\t1.50\t\t1.50
\t\t139002\t达州市达川区社会保险事业管理局\t765.14\t655.34\t109.80
\t\t301\t工资福利支出\t655.31\t655.31\t
301\t01\t30101\t基本工资\t195.32\t195.32\t
301\t02\t30102\t津贴补贴\t131.38\t131.38\t
301\t03\t30103\t奖金\t155.82\t155.82\t
301\t08\t30108\t机关事业单位基本养老保险缴费\t77.10\t77.10\t
301\t10\t30110\t职工基本医疗保险缴费\t27.23\t27.23\t
301\t11\t30111\t公务员医疗补助缴费\t4.20\t4.20\t
301\t12\t30112\t其他社会保障缴费\t0.77\t0.77\t
301\t13\t30113\t住房公积金\t63.49\t63.49\t
\t\t302\t商品和服务支出\t109.80\t\t109.80
302\t01\t30201\t办公费\t15.00\t\t15.00
302\t02\t30202\t印刷费\t3.00\t\t3.00
302\t03\t30203\t咨询费\t0.50\t\t0.50
302\t04\t30204\t手续费\t0.10\t\t0.10
302\t11\t30211\t差旅费\t10.50\t\t10.50
302\t15\t30215\t会议费\t1.00\t\t1.00
302\t16\t30216\t培训费\t3.50\t\t3.50
302\t28\t30228\t工会经费\t5.39\t\t5.39
302\t29\t30229\t福利费\t4.41\t\t4.41
302\t39\t30239\t其他交通费用\t34.69\t\t34.69
302\t99\t30299\t其他商品和服务支出\t31.71\t\t31.71
\t\t303\t对个人和家庭的补助\t0.04\t0.04\t
303\t09\t30309\t奖励金\t0.04\t0.04\t
\t\t139003\t达州市达川区社会保险基金监督管理局\t183.71\t155.99\t27.72
\t\t301\t工资福利支出\t155.99\t155.99\t
301\t01\t30101\t基本工资\t45.27\t45.27\t
301\t02\t30102\t津贴补贴\t31.80\t31.80\t
301\t03\t30103\t奖金\t37.64\t37.64\t
301\t08\t30108\t机关事业单位基本养老保险缴费\t18.35\t18.35\t
301\t10\t30110\t职工基本医疗保险缴费\t6.49\t6.49\t
301\t11\t30111\t公务员医疗补助缴费\t0.96\t0.96\t
301\t12\t30112\t其他社会保障缴费\t0.18\t0.18\t
301\t13\t30113\t住房公积金\t15.29\t15.29\t
\t\t302\t商品和服务支出\t27.72\t\t27.72
302\t01\t30201\t办公费\t1.30\t\t1.30
302\t02\t30202\t印刷费\t1.00\t\t1.00
302\t04\t30204\t手续费\t0.05\t\t0.05
302\t05\t30205\t水费\t0.40\t\t0.40
302\t06\t30206\t电费\t0.80\t\t0.80
302\t07\t30207\t邮电费\t0.75\t\t0.75
302\t09\t30209\t物业管理费\t2.80\t\t2.80
302\t11\t30211\t差旅费\t4.36\t\t4.36
302\t13\t30213\t维修(护)费\t0.23\t\t0.23
302\t16\t30216\t培训费\t0.20\t\t0.20
302\t17\t30217\t公务接待费\t0.05\t\t0.05
302\t26\t30226\t劳务费\t0.30\t\t0.30
302\t28\t30228\t工会经费\t3.36\t\t3.36
302\t29\t30229\t福利费\t1.58\t\t1.58
302\t39\t30239\t其他交通费用\t8.42\t\t8.42
302\t99\t30299\t其他商品和服务支出\t2.12\t\t2.12
\t\t139004\t达州市达川区城乡居民社会养老保险局\t210.73\t179.01\t31.72
\t\t301\t工资福利支出\t179.01\t179.01\t
301\t01\t30101\t基本工资\t51.99\t51.99\t
301\t02\t30102\t津贴补贴\t36.37\t36.37\t
301\t03\t30103\t奖金\t42.87\t42.87\t
301\t08\t30108\t机关事业单位基本养老保险缴费\t21.00\t21.00\t
301\t10\t30110\t职工基本医疗保险缴费\t7.56\t7.56\t
301\t11\t30111\t公务员医疗补助缴费\t1.56\t1.56\t
301\t12\t30112\t其他社会保障缴费\t0.21\t0.21\t
301\t13\t30113\t住房公积金\t17.45\t17.45\t
\t\t302\t商品和服务支出\t31.72\t\t31.72
302\t01\t30201\t办公费\t2.50\t\t2.50
302\t02\t30202\t印刷费\t0.50\t\t0.50
302\t03\t30203\t咨询费\t0.50\t\t0.50
302\t04\t30204\t手续费\t0.10\t\t0.10
302\t05\t30205\t水费\t0.10\t\t0.10
302\t06\t30206\t电费\t1.68\t\t1.68
302\t07\t30207\t邮电费\t2.60\t\t2.60
302\t09\t30209\t物业管理费\t2.40\t\t2.40
302\t11\t30211\t差旅费\t2.50\t\t2.50
302\t13\t30213\t维修(护)费\t1.00\t\t1.00
302\t26\t30226\t劳务费\t0.50\t\t0.50
302\t28\t30228\t工会经费\t4.54\t\t4.54
302\t29\t30229\t福利费\t1.26\t\t1.26
302\t39\t30239\t其他交通费用\t9.12\t\t9.12
302\t99\t30299\t其他商品和服务支出\t2.42\t\t2.42
\t\t139005\t达州市达川区就业服务管理局\t256.96\t219.24\t37.72
\t\t301\t工资福利支出\t219.24\t219.24\t
301\t01\t30101\t基本工资\t64.00\t64.00\t
301\t02\t30102\t津贴补贴\t44.31\t44.31\t
301\t03\t30103\t奖金\t52.34\t52.34\t
301\t08\t30108\t机关事业单位基本养老保险缴费\t25.66\t25.66\t
301\t10\t30110\t职工基本医疗保险缴费\t9.34\t9.34\t
301\t11\t30111\t公务员医疗补助缴费\t2.10\t2.10\t
301\t12\t30112\t其他社会保障缴费\t0.26\t0.26\t
301\t13\t30113\t住房公积金\t21.22\t21.22\t
\t\t302\t商品和服务支出\t36.12\t\t36.12
302\t01\t30201\t办公费\t2.50\t\t2.50
302\t02\t30202\t印刷费\t1.50\t\t1.50
302\t04\t30204\t手续费\t0.05\t\t0.05
302\t05\t30205\t水费\t0.20\t\t0.20
302\t06\t30206\t电费\t2.00\t\t2.00
302\t09\t30209\t物业管理费\t1.20\t\t1.20
302\t11\t30211\t差旅费\t1.00\t\t1.00
302\t13\t30213\t维修(护)费\t0.50\t\t0.50
302\t16\t30216\t培训费\t0.80\t\t0.80
302\t17\t30217\t公务接待费\t0.25\t\t0.25
302\t28\t30228\t工会经费\t3.17\t\t3.17
302\t29\t30229\t福利费\t1.53\t\t1.53
302\t39\t30239\t其他交通费用\t12.92\t\t12.92
302\t99\t30299\t其他商品和服务支出\t8.50\t\t8.50
\t\t310\t资本性支出\t1.60\t\t1.60
310\t02\t31002\t办公设备购置\t1.60\t\t1.60
""",
    "t3_2": """\
\t\t\t\t合 计\t5,624.12
\t\t\t\t\t5,624.12
\t\t\t\t达州市达川区人力资源和社会保障局\t57.72
\t\t\t\t一般行政管理事务\t45.72
208\t01\t02\t139001\t2024年基层调解平台项目\t19.72
208\t01\t02\t139001\t2024年金保网络工程维护项目\t9.00
208\t01\t02\t139001\t2024年帮贫解困项目\t5.00
208\t01\t02\t139001\t2024年事业单位档案管理及维护项目\t5.00
208\t01\t02\t139001\t2024年事业单位工资系统维护项目\t3.00
208\t01\t02\t139001\t2024年度社会保障及维稳项目\t4.00
\t\t\t\t劳动保障监察\t8.00
208\t01\t05\t139001\t2024年劳动保障监察项目\t8.00
\t\t\t\t劳动人事争议调解仲裁\t4.00
208\t01\t12\t139001\t2024年劳动保障仲裁项目\t4.00
\t\t\t\t达州市达川区社会保险事业管理局\t37.00
\t\t\t\t一般行政管理事务\t37.00
208\t01\t02\t139002\t2024年度个人权益记录项目\t3.00
208\t01\t02\t139002\t2024年度社会化服务管理项目\t3.00
208\t01\t02\t139002\t2024年度职业年金征收项目\t4.00
208\t01\t02\t139002\t2024年度社保政策宣传项目\t12.00
208\t01\t02\t139002\t2024年度金保工程网络维护费项目\t15.00
\t\t\t\t达州市达川区社会保险基金监督管理局\t8.00
\t\t\t\t行政运行\t8.00
208\t01\t01\t139003\t2024年度基金监督管理项目\t3.00
208\t01\t01\t139003\t2024年度金保工程网络维护项目\t5.00
\t\t\t\t达州市达川区城乡居民社会养老保险局\t5,510.40
\t\t\t\t一般行政管理事务\t10.40
208\t01\t02\t139004\t2024年金保工程网络建设及维护项目\t5.40
208\t01\t02\t139004\t2024年城乡居民养老保险待遇领取核查\t5.00
\t\t\t\t财政对城乡居民基本养老保险基金的补助\t2,000.00
208\t26\t02\t139004\t2024年城乡居民养老保险区级配套项目\t2,000.00
\t\t\t\t其他社会保障和就业支出\t3,500.00
208\t99\t99\t139004\t2024年村社干部养老保险项目\t3,500.00
\t\t\t\t达州市达川区就业服务管理局\t11.00
\t\t\t\t一般行政管理事务\t11.00
208\t01\t02\t139005\t2024年金保工程网络建设及维护费项目\t3.00
208\t01\t02\t139005\t2024年四川一体化政务服务平台网络费项目\t5.00
208\t01\t02\t139005\t2024年流动人员人事档案基本公共服务费项目\t3.00
""",
}
