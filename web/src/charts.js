// Bar charts with Chart.js, only the parts used (tree-shaken by the bundler). A chart is made once
// per canvas and its data replaced on every refresh, without animation: a live figure should not
// move about every second.

import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.locale = 'nl-NL';

// `datasets`: [{label, data, kleur}]; `gestapeld`: stacked bars (a pijplijn's fases).
export function staafDiagram(canvas, { labels, datasets, gestapeld = false, liggend = false }) {
  const data = {
    labels,
    datasets: datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.kleur, borderWidth: 0 })),
  };
  const bestaand = Chart.getChart(canvas);
  if (bestaand) {
    bestaand.data = data;
    bestaand.update('none');
    return bestaand;
  }
  return new Chart(canvas, {
    type: 'bar',
    data,
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: liggend ? 'y' : 'x',
      scales: {
        x: { stacked: gestapeld, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: gestapeld, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}
