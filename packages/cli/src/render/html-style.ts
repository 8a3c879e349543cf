/**
 * The report's stylesheet: readable from 420 px up (on narrow screens the device table becomes
 * one card per device under a wrapped row of sort buttons, and wide tables scroll in their own
 * box), and a print layout that keeps the summary and the attention list, with the list's
 * column header repeated on every page (the run's header and page numbers are page-margin
 * boxes, written per report).
 */
export const HTML_STYLE =
  `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:16px;max-width:1200px;color:#1a1a1a}
h1{margin:0 0 8px;font-size:24px}h2{margin:28px 0 8px;font-size:19px;border-bottom:1px solid #ddd}h3{font-size:16px;margin:18px 0 6px}
code{font:12px ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.provenance{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:4px 16px;margin:0}
.provenance div{min-width:0}.provenance dt{font-size:12px;color:#555}.provenance dd{margin:0;overflow-wrap:anywhere}
.hint{color:#555;font-size:13px}
.legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 16px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}
.legend small{color:#555}
.bar{display:flex;height:16px;background:#eee;border-radius:3px;overflow:hidden;min-width:60px;flex:1}
.bar span{display:block;height:100%}
.chart .row{display:flex;align-items:center;gap:8px;margin:4px 0}
.chart .label{width:210px;flex:none;overflow-wrap:anywhere;font-size:13px}.chart .note{width:260px;flex:none;font-size:12px;color:#444}
#overview>.bar{height:22px;margin-bottom:8px}
table{border-collapse:collapse;width:100%;margin:6px 0}
td,th{padding:4px 8px;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
th{font-size:12px;color:#444;background:#fafafa}
td .bar{margin-top:4px;height:8px}
.scroll{overflow-x:auto}
.controls td.pct{font-weight:600;white-space:nowrap}
.gaps{background:#fff4e5;padding:6px 10px;border-left:4px solid #f9a825}
.filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:end}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#444;min-width:0}
select,input{font:inherit;padding:4px;max-width:100%}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
button.rule{border:0;background:none;padding:0;cursor:pointer;color:#0b57d0;text-align:left}
td button.dev{font:inherit;font-weight:600;border:0;background:none;padding:0;color:#0b57d0;` +
  `cursor:pointer;text-align:left;overflow-wrap:anywhere}
.st{font-weight:600;white-space:nowrap}.gate{font-size:11px;color:#fff;background:#c62828;border-radius:3px;padding:0 4px;margin-left:4px}
tr.detail>td{background:#f7f9fc;padding:8px 12px}
.detail dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}` +
  `.detail dt{color:#555}.detail dd{margin:0;overflow-wrap:anywhere}
.rules td{font-size:12px;overflow-wrap:anywhere}
.print-text{display:none}
.pager{margin:8px 0;display:flex;gap:8px;align-items:center}
@media (max-width:700px){
  body{padding:10px}
  .chart .row{flex-wrap:wrap}.chart .label,.chart .note{width:100%}
  #devices thead tr{display:flex;flex-wrap:wrap;gap:2px 14px;border:0}
  #devices thead th{display:block;border:0;background:none;padding:2px 0}
  #devices,#devices tbody,#devices tr,#devices td{display:block;width:100%}
  #devices tr{border-bottom:1px solid #ccc;padding:4px 0}
  #devices td{border:0;padding:2px 4px}
  #devices td[data-label]::before{content:attr(data-label) ": ";color:#555;font-size:12px}
  .rules thead{display:none}.rules,.rules tbody,.rules tr,.rules td{display:block;width:100%}
  .rules tr{border-bottom:1px solid #ddd;padding:4px 0}.rules td{border:0;padding:1px 4px}
  .rules td[data-label]::before{content:attr(data-label) ": ";color:#555}
}
#access-analysis .pass{color:#1a7f37}#access-analysis .fail{color:#b42318}#access-analysis .undecided{color:#9a6700}
#access-analysis pre{white-space:pre-wrap;word-break:break-all;font-size:.8em}
@media print{
  @page{size:A4;margin:12mm 10mm}
  body{max-width:none;padding:0;font-size:10px}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .no-print,#count,th button{display:none!important}
  .print-text{display:inline}
  #devices thead{display:table-header-group}
  #devices tr{break-inside:avoid}
  #devices td{padding:2px 6px}
  #devices td:not(:nth-child(4)){white-space:nowrap}
  td button.dev{color:#000}
  details>*:not(summary){display:none}
  #devices-section{break-before:page}
  h2{break-after:avoid}.chart .row,.controls tr{break-inside:avoid}
  .scroll{overflow:visible}
}
`;
