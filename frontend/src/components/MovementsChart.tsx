import { useId } from "react";
import { useI18n } from "../i18n";

export interface DayMovements {
  day: string;
  approvals: number;
  rejections: number;
}

const DAY_MS = 86_400_000;

/** `count` consecutive YYYY-MM-DD days ending with `lastDay`, filled from `data` (zero when absent). */
export function fillDays(data: readonly DayMovements[], lastDay: string, count: number): DayMovements[] {
  const byDay = new Map(data.map((d) => [d.day, d]));
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  const out: DayMovements[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const day = new Date(end - i * DAY_MS).toISOString().slice(0, 10);
    const found = byDay.get(day);
    out.push({ day, approvals: found?.approvals ?? 0, rejections: found?.rejections ?? 0 });
  }
  return out;
}

/** A round upper bound for the axis: 1, 2, 5, 10, 20, 50... at least `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}

const W = 720;
const H = 260;
const PAD = { top: 16, right: 12, bottom: 36, left: 44 };

/**
 * Approvals and rejections per day as paired bars, drawn as plain SVG (no chart library, no
 * inline styles: colours come from classes). Screen readers get a title and a summary, and
 * everyone can open the same numbers as a table.
 */
export function MovementsChart({ data, title }: { data: readonly DayMovements[]; title: string }) {
  const { t, number, locale } = useI18n();
  const id = useId();
  const totalApprovals = data.reduce((s, d) => s + d.approvals, 0);
  const totalRejections = data.reduce((s, d) => s + d.rejections, 0);
  const top = niceMax(Math.max(0, ...data.map((d) => Math.max(d.approvals, d.rejections))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = data.length ? plotW / data.length : plotW;
  const bar = Math.max(1, slot * 0.36);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(
      new Date(`${day}T00:00:00Z`),
    );
  const ticks = [0, top / 2, top];
  const labelEvery = Math.max(1, Math.ceil(data.length / 6));
  const summary = t("chart.summary", {
    days: data.length,
    approvals: totalApprovals,
    rejections: totalRejections,
  });

  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        <span className="chart-title">{title}</span>
        <span className="chart-legend" aria-hidden="true">
          <span className="legend-item">
            <span className="legend-swatch swatch-ok" /> {t("chart.approvals")}
          </span>
          <span className="legend-item">
            <span className="legend-swatch swatch-bad" /> {t("chart.rejections")}
          </span>
        </span>
      </figcaption>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid="movements-chart"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {ticks.map((v) => (
          <g key={v} className="chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="chart-axis-label">
              {number(v)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x = PAD.left + i * slot + (slot - 2 * bar) / 2;
          return (
            <g key={d.day} className="chart-day">
              <rect
                className="bar-ok"
                x={x}
                y={y(d.approvals)}
                width={bar}
                height={Math.max(0, PAD.top + plotH - y(d.approvals))}
              />
              <rect
                className="bar-bad"
                x={x + bar}
                y={y(d.rejections)}
                width={bar}
                height={Math.max(0, PAD.top + plotH - y(d.rejections))}
              />
              {(i % labelEvery === 0 || i === data.length - 1) && (
                <text
                  x={PAD.left + i * slot + slot / 2}
                  y={H - PAD.bottom + 18}
                  textAnchor="middle"
                  className="chart-axis-label"
                >
                  {dayLabel(d.day)}
                </text>
              )}
            </g>
          );
        })}
        <line
          className="chart-baseline"
          x1={PAD.left}
          x2={W - PAD.right}
          y1={PAD.top + plotH}
          y2={PAD.top + plotH}
        />
      </svg>
      <p className="small muted">{summary}</p>
      <details className="chart-table">
        <summary>{t("chart.showTable")}</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("chart.day")}</th>
                <th scope="col" className="num">
                  {t("chart.approvals")}
                </th>
                <th scope="col" className="num">
                  {t("chart.rejections")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{dayLabel(d.day)}</th>
                  <td className="num">{number(d.approvals)}</td>
                  <td className="num">{number(d.rejections)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
