//! history: the jobs table in krel's format, the timeline relcut saw, and the gantt chart.

use crate::checklist::CutIssue;
use crate::gantt::{self, Chart};
use crate::history::{self, HistoryRow};
use crate::ledger::Ledger;

/// What `/relcut history` and `relcut history render` show, computed once.
#[derive(Debug, Clone)]
pub struct History {
    pub rows: Vec<HistoryRow>,
    pub ledger: Ledger,
    pub chart: Chart,
}

impl History {
    pub fn of(issue: &CutIssue, ledger: &Ledger) -> History {
        History {
            rows: issue.history.clone(),
            ledger: ledger.clone(),
            chart: gantt::chart_of(issue, ledger),
        }
    }

    /// For a comment (and the terminal, since it is a document): the tables, then the chart
    /// when asked for and there is something to draw.
    pub fn markdown(&self, with_chart: bool) -> String {
        let report = history::report(&self.rows, &self.ledger);
        let chart = if with_chart {
            self.chart.markdown()
        } else {
            String::new()
        };
        if chart.is_empty() {
            report
        } else {
            format!("{report}\n{chart}")
        }
    }

    /// Whether a chart would show anything.
    pub fn has_chart(&self) -> bool {
        !self.chart.markdown().is_empty()
    }
}
