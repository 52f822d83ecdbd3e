/**
 * The one stylesheet of the printable reports, inlined in each page so a saved copy prints the same anywhere.
 * Black on white; nothing is told by colour alone; rows never split across pages and table headers repeat.
 */
export const PRINT_STYLES = `
:root { color: #000; background: #fff; font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #000; }
.sheet { max-width: 8.5in; margin: 0 auto; padding: 1.5cm 1.6cm; }
h1 { font-size: 17pt; line-height: 1.2; margin: 0.1em 0 0.4em; }
h2 { font-size: 13pt; margin: 1.4em 0 0.5em; padding-bottom: 2pt; border-bottom: 1.5pt solid #000; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 1em 0 0.3em; break-after: avoid; page-break-after: avoid; }
/* Long names wrap rather than widen the page; headers keep whole words so a column is never narrower than its label. */
p, li, dd, dt, td, th, caption, h1, h2, h3 { overflow-wrap: anywhere; }
p { margin: 0.4em 0; orphans: 3; widows: 3; }
.report-header { border-bottom: 2pt solid #000; padding-bottom: 0.6em; margin-bottom: 0.8em; }
.entity { font-size: 12pt; font-weight: bold; margin: 0; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2pt 12pt; margin: 0.4em 0; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9em, 1fr)); gap: 6pt; margin: 0.6em 0; padding: 0; list-style: none; }
.figures li { border: 1pt solid #000; padding: 5pt 7pt; }
.figures .value { display: block; font-size: 16pt; font-weight: bold; line-height: 1.2; }
.figures .detail { display: block; font-size: 9pt; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 19em), 1fr)); gap: 0 0.8cm; }
table { width: 100%; border-collapse: collapse; margin: 0.3em 0 0.9em; font-size: 9.5pt; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 3pt; }
th, td { border: 0.75pt solid #000; padding: 3pt 5pt; text-align: left; vertical-align: top; }
thead th { border-bottom-width: 1.5pt; overflow-wrap: normal; word-break: normal; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tfoot td, tfoot th { font-weight: bold; border-top-width: 1.5pt; }
tr, li, .keep, .signature { break-inside: avoid; page-break-inside: avoid; }
.empty { font-style: italic; }
.findings li { margin-bottom: 0.3em; }
.note { font-size: 9.5pt; }
.note li { margin-bottom: 0.2em; }
.blank-lines { margin: 0.4em 0 0; }
.blank-lines .line { height: 1.9em; border-bottom: 0.75pt solid #000; }
.signatures { display: grid; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); gap: 1.4cm 1.2cm; margin-top: 2.2cm; }
.signature .line { border-top: 1pt solid #000; padding-top: 3pt; }
.signature p { margin: 0.15em 0; }
.footer { margin-top: 1.5em; font-size: 8.5pt; border-top: 0.75pt solid #000; padding-top: 3pt; }
@page {
  size: letter;
  margin: 1.8cm 1.8cm 2cm 1.8cm;
  @bottom-right { content: "Página " counter(page) " de " counter(pages); font-size: 8pt; }
}
@media print {
  .sheet { max-width: none; margin: 0; padding: 0; }
  .closing { break-before: auto; }
  .signatures { break-inside: avoid; page-break-inside: avoid; }
}
`;
