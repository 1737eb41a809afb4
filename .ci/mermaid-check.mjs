// Parses every ```mermaid block of the given Markdown files with mermaid's own parser (under
// jsdom, as mermaid needs a DOM even to parse) and computes the gantt tasks, which is where
// mermaid rejects bad dates and durations. Exit 1 on the first file with a bad or missing chart.
// Usage: node .ci/mermaid-check.mjs FILE.md...   (run by .ci/run with its node_modules)
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length === 0) {
    console.error(`${file}: no mermaid block`);
    failed++;
    continue;
  }
  for (const [i, src] of blocks.entries()) {
    try {
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(src);
      if (diagram.type !== 'gantt') throw new Error(`a ${diagram.type} chart, not gantt`);
      const tasks = diagram.db.getTasks();
      for (const t of tasks) {
        if (!(t.startTime instanceof Date) || Number.isNaN(t.startTime.getTime()) ||
            !(t.endTime instanceof Date) || Number.isNaN(t.endTime.getTime())) {
          throw new Error(`task "${t.task}" has no valid start or end`);
        }
        // mermaid takes an unreadable duration as zero length; relcut writes zero only for
        // milestones.
        if (!t.milestone && !(t.endTime > t.startTime)) {
          throw new Error(`task "${t.task}" has no length: is its duration like 90s?`);
        }
      }
      const expected = src.split('\n').filter((l) => /^\s*[^:\n]+:[^\n]*,/.test(l) && !/^\s*(title|dateFormat|axisFormat|section)\s/.test(l)).length;
      if (tasks.length !== expected) throw new Error(`${tasks.length} tasks read, ${expected} written`);
      console.log(`${file} #${i + 1}: gantt, ${tasks.length} tasks`);
    } catch (e) {
      console.error(`${file} #${i + 1}: ${e.message ?? e}`);
      failed++;
    }
  }
}
process.exit(failed ? 1 : 0);
