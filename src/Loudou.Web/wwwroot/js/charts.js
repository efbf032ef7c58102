// The one bridge between the pages and Apache ECharts (vendored under lib/echarts, loaded once on
// first use so pages without charts never fetch it). Options arrive as JSON from C#; the few things
// JSON cannot say are named conventions here:
//   tooltip.formatter "loudou:tip"  → the hovered item's own `tip` text (escaped; lines split on \n);
//   a data item's `href`            → a click asks the page to open that address (the deals behind it).
// Each chart sets data-drawn to the version of the option it has drawn (the component's data-want), which the
// browser tests and the speed bench wait for.
let loading;
const charts = new WeakMap();

function load() {
  if (window.echarts) return Promise.resolve();
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = document.baseURI.replace(/\/$/, '') + '/lib/echarts/echarts.min.js';
    script.onload = resolve;
    script.onerror = () => { loading = undefined; reject(new Error('ECharts did not load')); };
    document.head.appendChild(script);
  });
  return loading;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function tip(params) {
  const items = Array.isArray(params) ? params : [params];
  const item = items.find(p => p.data && p.data.tip) ?? items[0];
  const text = item && item.data && item.data.tip ? item.data.tip : (item ? `${item.name}: ${item.value}` : '');
  return escape(text).split('\n').join('<br>');
}

function resolve(option) {
  const visit = node => {
    if (Array.isArray(node)) { node.forEach(visit); return; }
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'formatter' && value === 'loudou:tip') node[key] = tip;
        else visit(value);
      }
    }
  };
  visit(option);
  return option;
}

export async function render(element, json, page, locale, version) {
  await load();
  let entry = charts.get(element);
  if (!entry) {
    const chart = echarts.init(element, null, { renderer: 'canvas', locale: locale && locale.startsWith('zh') ? 'ZH' : 'EN' });
    entry = { chart, page, observer: new ResizeObserver(() => chart.resize()) };
    entry.observer.observe(element);
    chart.on('click', p => {
      const href = p.data && p.data.href;
      if (href && entry.page) entry.page.invokeMethodAsync('Open', href);
    });
    chart.on('finished', () => { element.dataset.drawn = String(entry.version); });
    charts.set(element, entry);
  }
  entry.page = page;
  entry.version = version;
  entry.chart.setOption(resolve(JSON.parse(json)), { notMerge: true, lazyUpdate: false });
}

export function png(element, fileName) {
  const entry = charts.get(element);
  if (!entry) return;
  save(entry.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }), fileName);
}

function save(url, fileName) {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function dispose(element) {
  const entry = charts.get(element);
  if (!entry) return;
  entry.observer.disconnect();
  entry.chart.dispose();
  charts.delete(element);
}

// A file made on the server (a workbook, a CSV) handed to the browser as a download.
export async function download(fileName, contentType, stream) {
  const buffer = await stream.arrayBuffer();
  const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
  save(url, fileName);
  URL.revokeObjectURL(url);
}
