//! history: the jobs table in krel's format, the timeline relcut saw, and the gantt chart.

use crate::checklist::CutIssue;
use crate::gantt::{self, Chart};
use crate::history::{self, HistoryRow};
use crate::ledger::Ledger;

/// Why a history asked for its chart has none.
const NO_CHART: &str = "No chart: no job in the history and no step in the ledger.";

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
    /// when asked for, or why there is none.
    pub fn markdown(&self, with_chart: bool) -> String {
        let report = history::report(&self.rows, &self.ledger);
        if !with_chart {
            return report;
        }
        let chart = self.chart.markdown();
        if chart.is_empty() {
            format!("{report}\n{NO_CHART}\n")
        } else {
            format!("{report}\n{chart}")
        }
    }
}
