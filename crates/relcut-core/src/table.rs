//! Markdown tables as krel and schedule-builder print them (tablewriter's markdown renderer):
//! left-aligned, cells padded to the column width, `|:---|` separators.

pub fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    // A `|` in a cell would end it on GitHub; krel does not escape, we must.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| crate::md::table_cell(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::from("|");
        for (c, w) in cells.zip(&widths) {
            s.push_str(&format!(" {c:<w$} |"));
        }
        s.push('\n');
        s
    };
    let mut out = line(&mut header.iter().copied());
    out.push('|');
    for w in &widths {
        out.push(':');
        out.push_str(&"-".repeat(w + 1));
        out.push('|');
    }
    out.push('\n');
    for row in &rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn schedule_builder_shape() {
        let t = super::markdown(
            &[
                "MONTHLY PATCH RELEASE",
                "CHERRY PICK DEADLINE",
                "TARGET DATE",
            ],
            &[vec![
                "June 2020".into(),
                "2020-06-12".into(),
                "2020-06-17".into(),
            ]],
        );
        assert_eq!(
            t,
            "| MONTHLY PATCH RELEASE | CHERRY PICK DEADLINE | TARGET DATE |\n|:----------------------|:---------------------|:------------|\n| June 2020             | 2020-06-12           | 2020-06-17  |\n"
        );
    }
}
