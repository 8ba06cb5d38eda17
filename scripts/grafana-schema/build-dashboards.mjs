// Writes the provisioned Grafana dashboards (dashboards/*.json) from the compact definitions below, so
// ids, grid positions, datasource references and Chinese labels stay consistent. Edit here, then run
//   node scripts/grafana-schema/build-dashboards.mjs
// and commit the JSON. Queries are InfluxQL (docs/metrics.md describes the measurements).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboards');
const ds = { type: 'influxdb', uid: 'monitor-influxdb' };

// Findings kinds and their Chinese names (design §4), for value mappings in tables.
const kinds = {
  'missing-item': '应公开未公开', 'late-publication': '超期公开', 'due-soon': '即将到期', 'missing-element': '要素缺失',
  'stale-column': '栏目不更新', 'blank-column': '空白栏目', 'stale-homepage': '首页不更新', 'stale-account': '公众号不更新',
  'broken-link': '链接失效', unreachable: '无法访问', 'removed-document': '文档被删除', 'date-mismatch': '日期不一致',
};
const kindMappings = [{ type: 'value', options: Object.fromEntries(Object.entries(kinds).map(([k, v], i) => [k, { text: v, index: i }])) }];

function target(query, format = 'time_series', refId = 'A') {
  return { refId, datasource: ds, query, rawQuery: true, resultFormat: format };
}

function fieldConfig({ unit, min, max, thresholds, mappings, decimals } = {}) {
  const defaults = {
    unit: unit ?? 'none',
    thresholds: {
      mode: 'absolute',
      steps: thresholds ?? [{ color: 'green', value: null }],
    },
  };
  if (min !== undefined) defaults.min = min;
  if (max !== undefined) defaults.max = max;
  if (mappings) defaults.mappings = mappings;
  if (decimals !== undefined) defaults.decimals = decimals;
  return { defaults, overrides: [] };
}

const scoreThresholds = [{ color: 'red', value: null }, { color: 'orange', value: 60 }, { color: 'yellow', value: 80 }, { color: 'green', value: 90 }];
const countThresholds = (warn = 1) => [{ color: 'green', value: null }, { color: 'red', value: warn }];

function stat(title, query, opts = {}) {
  return {
    type: 'stat', title, description: opts.description, w: opts.w ?? 6, h: opts.h ?? 5,
    targets: [target(query)],
    fieldConfig: fieldConfig({ unit: opts.unit, min: opts.min, max: opts.max, thresholds: opts.thresholds, decimals: opts.decimals }),
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', justifyMode: 'auto', orientation: 'auto', textMode: 'auto' },
  };
}

function series(title, query, opts = {}) {
  return {
    type: 'timeseries', title, description: opts.description, w: opts.w ?? 12, h: opts.h ?? 8, interval: '1d',
    targets: (Array.isArray(query) ? query : [query]).map((q, i) => target(q, 'time_series', String.fromCharCode(65 + i))),
    fieldConfig: fieldConfig({ unit: opts.unit, min: opts.min, max: opts.max }),
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
  };
}

function table(title, query, opts = {}) {
  return {
    type: 'table', title, description: opts.description, w: opts.w ?? 12, h: opts.h ?? 9,
    targets: [target(query, 'table')],
    fieldConfig: fieldConfig({ mappings: opts.mappings }),
    options: { showHeader: true, cellHeight: 'sm', sortBy: opts.sortBy ?? [] },
    transformations: [{ id: 'organize', options: { excludeByName: { Time: true }, renameByName: opts.rename ?? {} } }],
  };
}

function bars(title, query, opts = {}) {
  return {
    type: 'bargauge', title, description: opts.description, w: opts.w ?? 12, h: opts.h ?? 9,
    targets: [target(query, 'time_series')],
    fieldConfig: fieldConfig({ unit: opts.unit, min: opts.min ?? 0, max: opts.max, thresholds: opts.thresholds }),
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, orientation: 'horizontal', displayMode: 'gradient', showUnfilled: true },
  };
}

function dashboard(uid, title, description, panels, templating = []) {
  let x = 0, y = 0, rowH = 0, id = 1;
  const laid = panels.map(p => {
    if (x + p.w > 24) { x = 0; y += rowH; rowH = 0; }
    const { w, h, description: d, ...rest } = p;
    const panel = { id: id++, datasource: ds, gridPos: { h, w, x, y }, ...rest };
    if (d) panel.description = d;
    x += w; rowH = Math.max(rowH, h);
    return panel;
  });
  return {
    uid, title, description, tags: ['政务公开', '监测'], timezone: 'Asia/Shanghai', editable: true, graphTooltip: 1,
    schemaVersion: 39, version: 1, refresh: '1h', time: { from: 'now-90d', to: 'now' },
    fiscalYearStartMonth: 0, weekStart: 'monday', liveNow: false,
    annotations: { list: [] }, links: [
      { title: '政务公开监测', type: 'dashboards', tags: ['政务公开'], asDropdown: true, icon: 'external link', includeVars: false, keepTime: true, targetBlank: false, tooltip: '其他看板' },
    ],
    templating: { list: templating }, panels: laid,
  };
}

// Per-series "last value in the range" and then a sum across series: a unit or kind with no open finding
// is written as 0 at every scan (docs/metrics.md), so this never shows a resolved problem.
const openByKind = (where = '') =>
  `SELECT sum("c") AS "数量" FROM (SELECT last("count") AS "c" FROM "findings_open" WHERE ${where}$timeFilter GROUP BY time($__interval), "department", "kind") GROUP BY time($__interval), "kind" fill(none)`;

const dashboards = {
  overview: dashboard('monitor-overview', '总览', '全市政务公开得分与趋势、单项否决、即将到期事项、得分最低的部门与镇街', [
    stat('全市得分', `SELECT last("score") FROM "score" WHERE "scope" = 'site' AND $timeFilter`, { unit: 'none', min: 0, max: 100, thresholds: scoreThresholds, decimals: 1 }),
    stat('单项否决', `SELECT last("findings_veto") FROM "scan" WHERE $timeFilter`, { thresholds: countThresholds(), description: '单项否决问题数（如首页不更新）' }),
    stat('即将到期事项', `SELECT last("findings_due_soon") FROM "scan" WHERE $timeFilter`, { thresholds: countThresholds(), description: '时限内尚未公开、即将到期的事项（预警）' }),
    stat('开放问题', `SELECT last("findings_open") FROM "scan" WHERE $timeFilter`, { thresholds: countThresholds() }),
    series('全市得分趋势', `SELECT last("score") AS "全市得分" FROM "score" WHERE "scope" = 'site' AND $timeFilter GROUP BY time($__interval) fill(none)`, { min: 0, max: 100 }),
    bars('得分最低的部门与镇街', `SELECT bottom("s", "name", 10) AS "得分" FROM (SELECT last("score") AS "s" FROM "score" WHERE "scope" =~ /^(department|town)$/ AND $timeFilter GROUP BY "name") GROUP BY "name"`, { min: 0, max: 100, thresholds: scoreThresholds }),
    series('开放问题（按类型）', openByKind(), { w: 24 }),
  ]),
  department: dashboard('monitor-department', '部门', '单个部门或镇街的得分、问题与事项状态（顶部选择部门）', [
    stat('部门得分', `SELECT last("score") FROM "score" WHERE "key" = '$department' AND $timeFilter`, { min: 0, max: 100, thresholds: scoreThresholds, decimals: 1 }),
    stat('开放问题', `SELECT sum("c") FROM (SELECT last("count") AS "c" FROM "findings_open" WHERE "department" = '$department' AND $timeFilter GROUP BY "kind")`, { thresholds: countThresholds() }),
    stat('已评估事项', `SELECT last("items_assessed") FROM "score" WHERE "key" = '$department' AND $timeFilter`),
    stat('合规事项', `SELECT last("items_compliant") FROM "score" WHERE "key" = '$department' AND $timeFilter`),
    series('得分趋势', `SELECT last("score") AS "得分" FROM "score" WHERE "key" = '$department' AND $timeFilter GROUP BY time($__interval) fill(none)`, { min: 0, max: 100 }),
    series('开放问题（按类型）', openByKind(`"department" = '$department' AND `)),
    table('问题类型与等级', `SELECT last("count") AS "合计", last("notice") AS "提示", last("warning") AS "预警", last("alert") AS "告警", last("veto") AS "单项否决" FROM "findings_open" WHERE "department" = '$department' AND $timeFilter GROUP BY "kind"`, { rename: { kind: '问题类型' }, mappings: kindMappings, sortBy: [{ displayName: '合计', desc: true }] }),
    table('事项状态', `SELECT last("compliant") AS "合规", last("late") AS "超期", last("missing") AS "缺失", last("incomplete") AS "要素缺失", last("not_assessed") AS "未评估" FROM "item_status" WHERE "department" = '$department' AND $timeFilter GROUP BY "area", "item"`, { rename: { area: '领域', item: '事项' } }),
  ], [{
    name: 'department', label: '部门', type: 'query', datasource: ds,
    query: `SHOW TAG VALUES FROM "score" WITH KEY = "key" WHERE "scope" =~ /^(department|town)$/`,
    refresh: 1, sort: 1, hide: 0, includeAll: false, multi: false, options: [], current: { text: '', value: '' },
  }]),
  items: dashboard('monitor-items', '事项', '各领域与事项的合规、超期、缺失情况', [
    table('领域得分', `SELECT last("score") AS "得分", last("items_assessed") AS "已评估", last("items_compliant") AS "合规", last("items_not_assessed") AS "未评估" FROM "score" WHERE "scope" = 'area' AND $timeFilter GROUP BY "key"`, { rename: { key: '领域' }, sortBy: [{ displayName: '得分', desc: false }] }),
    series('事项状态趋势', `SELECT sum("compliant") AS "合规", sum("late") AS "超期", sum("missing") AS "缺失", sum("incomplete") AS "要素缺失" FROM (SELECT last("compliant") AS "compliant", last("late") AS "late", last("missing") AS "missing", last("incomplete") AS "incomplete" FROM "item_status" WHERE $timeFilter GROUP BY time($__interval), "department", "item") GROUP BY time($__interval) fill(none)`),
    table('超期与缺失事项', `SELECT "l" AS "超期", "m" AS "缺失", "i" AS "要素缺失" FROM (SELECT last("late") AS "l", last("missing") AS "m", last("incomplete") AS "i" FROM "item_status" WHERE $timeFilter GROUP BY "area", "item", "department") WHERE "l" > 0 OR "m" > 0 OR "i" > 0 GROUP BY "area", "item", "department"`, { w: 24, rename: { area: '领域', item: '事项', department: '部门' } }),
    table('事项得分', `SELECT last("score") AS "得分", last("items_assessed") AS "已评估", last("items_compliant") AS "合规" FROM "score" WHERE "scope" = 'item' AND $timeFilter GROUP BY "key"`, { w: 24, rename: { key: '事项' }, sortBy: [{ displayName: '得分', desc: false }] }),
  ]),
  columns: dashboard('monitor-columns', '栏目与新媒体', '栏目、首页与微信公众号的更新情况', [
    stat('不更新或空白栏目', `SELECT sum("s") FROM (SELECT last("stale") AS "s" FROM "source_health" WHERE "kind" = 'column' AND $timeFilter GROUP BY "source")`, { thresholds: countThresholds() }),
    stat('首页距最近更新（天）', `SELECT last("newest_age_days") FROM "source_health" WHERE "kind" = 'homepage' AND $timeFilter`, { unit: 'd', thresholds: [{ color: 'green', value: null }, { color: 'red', value: 14 }] }),
    stat('公众号不更新', `SELECT sum("s") FROM (SELECT last("stale") AS "s" FROM "source_health" WHERE "kind" = 'account' AND $timeFilter GROUP BY "source")`, { thresholds: countThresholds(), description: '微信公众号镜像接入后显示' }),
    stat('链接失效', `SELECT sum("b") FROM (SELECT last("links_broken") AS "b" FROM "source_health" WHERE $timeFilter GROUP BY "source")`, { thresholds: countThresholds() }),
    table('栏目更新情况', `SELECT last("newest_age_days") AS "距最近更新（天）", last("documents") AS "文档数", last("stale") AS "不更新" FROM "source_health" WHERE "kind" = 'column' AND $timeFilter GROUP BY "source", "column_type", "department"`, { w: 24, rename: { source: '栏目', column_type: '栏目类型', department: '部门' }, sortBy: [{ displayName: '距最近更新（天）', desc: true }] }),
    table('微信公众号更新情况', `SELECT last("newest_age_days") AS "距最近更新（天）", last("documents") AS "文章数", last("stale") AS "不更新" FROM "source_health" WHERE "kind" = 'account' AND $timeFilter GROUP BY "source", "department"`, { rename: { source: '公众号', department: '部门' } }),
    series('栏目与新媒体问题趋势', openByKind(`"kind" =~ /^(stale-column|blank-column|stale-homepage|stale-account)$/ AND `)),
  ]),
  crawler: dashboard('monitor-crawler', '采集健康', '采集器抓取次数、失败、响应时间与未评估来源', [
    stat('未评估来源', `SELECT last("sources_not_assessed") FROM "scan" WHERE $timeFilter`, { thresholds: countThresholds(), description: '无法访问或未完成采集的来源：不计为违规，也不计为合规' }),
    stat('来源总数', `SELECT last("sources") FROM "scan" WHERE $timeFilter`),
    stat('最近一次采集用时', `SELECT last("duration_ms") FROM "scan" WHERE $timeFilter`, { unit: 'ms' }),
    stat('抓取失败', `SELECT sum("failures") FROM "source_health" WHERE $timeFilter`, { thresholds: countThresholds() }),
    series('抓取结果', `SELECT sum("count") AS "次数" FROM "fetches" WHERE $timeFilter GROUP BY time($__interval), "outcome" fill(none)`),
    series('平均响应时间', `SELECT mean("latency_ms_mean") AS "平均响应时间" FROM "source_health" WHERE $timeFilter GROUP BY time($__interval) fill(none)`, { unit: 'ms' }),
    table('来源状态', `SELECT last("assessed") AS "已评估", last("fetches") AS "抓取次数", last("failures") AS "失败", last("latency_ms_mean") AS "平均响应（毫秒）", last("links_broken") AS "失效链接" FROM "source_health" WHERE $timeFilter GROUP BY "source", "kind", "department"`, { w: 24, rename: { source: '来源', kind: '类型', department: '部门' } }),
  ]),
  alerts: dashboard('monitor-alerts', '告警', '预警与告警的发送情况（按渠道与结果）', [
    stat('已发送', `SELECT sum("count") FROM "alert_deliveries" WHERE "outcome" = 'sent' AND $timeFilter`),
    stat('发送失败', `SELECT sum("count") FROM "alert_deliveries" WHERE "outcome" = 'failed' AND $timeFilter`, { thresholds: countThresholds() }),
    stat('平均发送耗时', `SELECT mean("latency_ms") FROM "alert_deliveries" WHERE $timeFilter`, { unit: 'ms' }),
    stat('涉及部门', `SELECT count(distinct("n")) FROM (SELECT sum("count") AS "n" FROM "alert_deliveries" WHERE $timeFilter GROUP BY "department")`),
    series('发送趋势（按渠道与结果）', `SELECT sum("count") AS "条数" FROM "alert_deliveries" WHERE $timeFilter GROUP BY time($__interval), "channel", "outcome" fill(none)`, { w: 24 }),
    table('按部门', `SELECT sum("count") AS "条数" FROM "alert_deliveries" WHERE $timeFilter GROUP BY "department", "channel", "outcome"`, { w: 24, rename: { department: '部门', channel: '渠道', outcome: '结果' } }),
  ]),
};

for (const [name, d] of Object.entries(dashboards)) {
  writeFileSync(join(out, `${name}.json`), JSON.stringify(d, null, 2) + '\n');
  console.log(`dashboards/${name}.json: ${d.title}, ${d.panels.length} panels`);
}
