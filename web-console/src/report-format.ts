// Pure formatting and period arithmetic for the dashboard, kept apart from the DOM so they are tested directly.

const decimal = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });

/**
 * 0.667 → "66,7 %" with a no-break space, as Colombian style writes it; built by hand because browsers' ICU data
 * disagree on the space. null (nothing to divide by) → "Sin datos".
 */
export function formatShare(share: number | null): string {
  return share === null ? 'Sin datos' : `${decimal.format(Math.round(share * 1000) / 10)}\u00a0%`;
}

export function formatDecimal(value: number | null): string {
  return value === null ? 'Sin datos' : decimal.format(value);
}

/** A duration in seconds for a report: "45 s", "4 min", "4 min 30 s", "1 h 05 min"; null → "Sin datos". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'Sin datos';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${rest} s`;
  }
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export interface Period {
  from: string;
  to: string;
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Quick periods from today's date (YYYY-MM-DD in Bogotá): the ones supervisors and Control Interno report on. */
export function periodPresets(today: string): { id: string; label: string; period: Period }[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const prevMonth = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  const half = m <= 6 ? 1 : 2;
  const prevHalf = half === 1 ? { y: y - 1, half: 2 } : { y, half: 1 };
  const semester = (year: number, h: number): Period =>
    h === 1 ? { from: iso(year, 1, 1), to: iso(year, 6, 30) } : { from: iso(year, 7, 1), to: iso(year, 12, 31) };
  return [
    { id: 'mes', label: 'Este mes', period: { from: iso(y, m, 1), to: today } },
    {
      id: 'mes-anterior',
      label: 'Mes anterior',
      period: {
        from: iso(prevMonth.y, prevMonth.m, 1),
        to: iso(prevMonth.y, prevMonth.m, lastDay(prevMonth.y, prevMonth.m)),
      },
    },
    { id: 'semestre', label: 'Este semestre', period: { from: semester(y, half).from, to: today } },
    { id: 'semestre-anterior', label: 'Semestre anterior', period: semester(prevHalf.y, prevHalf.half) },
  ];
}

/** The semester a date falls in, as the Ley 1474 report names it: "2026-1" or "2026-2". */
export function semesterOfDate(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${y}-${m <= 6 ? 1 : 2}`;
}

/** The last `count` semesters up to the one containing `today`, newest first, with a readable label. */
export function recentSemesters(today: string, count = 4): { value: string; label: string }[] {
  let [y, half] = semesterOfDate(today).split('-').map(Number) as [number, number];
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ value: `${y}-${half}`, label: `${half === 1 ? 'Enero a junio' : 'Julio a diciembre'} de ${y}` });
    if (half === 1) {
      y -= 1;
      half = 2;
    } else half = 1;
  }
  return out;
}

/** "2026-03-01" → "1 mar. 2026" for headings; the inputs keep the ISO form. */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('es-CO', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
