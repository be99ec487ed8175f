//! S2 Code quality of what the candidate changed (never of the starter code).

use std::collections::{BTreeMap, BTreeSet};

use crate::prep::Prepared;
use crate::report::{EvidenceRef, SignalId};
use crate::text::lexer::{NormLine, norm_lines};
use crate::text::patterns::is_debug_print;
use crate::text::python::functions;

use super::{Draft, Outcome, cite, clamp10, one_decimal};

const MAX_LINT_DEDUCTION: usize = 4;
const MAX_PRINT_DEDUCTION: usize = 2;
const LONG_FUNCTION_LINES: usize = 50;

/// Rows (0-based) of `code` whose normalised line the starter did not have, matching copies in order.
pub fn changed_rows(code: &str, starter: &str) -> (Vec<NormLine>, BTreeSet<usize>) {
    let mut available: BTreeMap<String, u32> = BTreeMap::new();
    for line in norm_lines(starter) {
        *available.entry(line.text).or_default() += 1;
    }
    let lines = norm_lines(code);
    let changed = lines
        .iter()
        .filter(|l| match available.get_mut(&l.text) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|l| l.row)
        .collect();
    (lines, changed)
}

pub fn score(p: &Prepared<'_>) -> Draft {
    let rec = p.rec;
    let (lines, changed) = changed_rows(&rec.final_code, &rec.starter_code);
    let (_, removed) = changed_rows(&rec.starter_code, &rec.final_code);
    let evidence = vec![EvidenceRef::Final];
    if changed.is_empty() && removed.is_empty() {
        return Draft::new(
            SignalId::CodeQuality,
            Outcome::NotApplicable("no change from the starter code".into()),
            "The submission is the starter code unchanged, so there is no change to judge.".into(),
        );
    }
    if rec.lint.as_ref().is_some_and(|l| !l.parses) {
        return Draft::new(
            SignalId::CodeQuality,
            Outcome::Scored(0.0),
            format!("The submitted code does not parse {}.", cite(&evidence)),
        )
        .evidence(evidence)
        .feature("parses", 0.0);
    }

    let changed_lines: Vec<&NormLine> = lines.iter().filter(|l| changed.contains(&l.row)).collect();
    let lint_findings = rec.lint.as_ref().map(|l| {
        l.findings
            .iter()
            .filter(|f| f.line >= 1 && changed.contains(&(f.line as usize - 1)))
            .count()
    });
    let prints = changed_lines
        .iter()
        .filter(|l| is_debug_print(&l.text))
        .count();
    let swallowed = has_swallowing_except(&lines, &changed);
    let long_functions = functions(&rec.final_code)
        .iter()
        .filter(|f| {
            changed.contains(&f.first_row) && f.last_row - f.first_row + 1 > LONG_FUNCTION_LINES
        })
        .count();
    let changed_ntl = changed_lines.iter().filter(|l| !l.trivial).count();
    let ratio = changed_ntl as f64 / f64::from(rec.task.reference_fix_lines.max(1));
    let churn = if ratio <= 3.0 {
        0
    } else if ratio <= 6.0 {
        1
    } else {
        2
    };

    let deductions = lint_findings.unwrap_or(0).min(MAX_LINT_DEDUCTION)
        + prints.min(MAX_PRINT_DEDUCTION)
        + usize::from(swallowed)
        + long_functions
        + churn;
    let s = clamp10(10.0 - deductions as f64);

    let lint_text = match lint_findings {
        Some(n) => format!("{n} new lint findings"),
        None => "no lint report".to_string(),
    };
    let mut extra = String::new();
    if swallowed {
        extra.push_str(", an added bare or silent except");
    }
    if long_functions > 0 {
        extra.push_str(&format!(
            ", {long_functions} added functions over {LONG_FUNCTION_LINES} lines"
        ));
    }
    let explanation = format!(
        "Changed {changed_ntl} lines ({}× the reference fix); {lint_text}, {prints} leftover debug prints{extra} {}.",
        one_decimal(ratio),
        cite(&evidence),
    );
    Draft::new(SignalId::CodeQuality, Outcome::Scored(s), explanation)
        .evidence(evidence)
        .feature("changed_lines", changed_ntl as f64)
        .feature("churn_ratio", ratio)
        .feature("lint_findings", lint_findings.map_or(-1.0, |n| n as f64))
        .feature("debug_prints", prints as f64)
        .feature("long_functions", long_functions as f64)
}

/// An added `except:` or an added `except …:` whose body is only `pass`.
fn has_swallowing_except(lines: &[NormLine], changed: &BTreeSet<usize>) -> bool {
    lines.iter().enumerate().any(|(i, l)| {
        changed.contains(&l.row)
            && l.text.starts_with("except")
            && (l.text == "except :"
                || l.text.ends_with(": pass")
                || lines.get(i + 1).is_some_and(|n| n.text == "pass"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_rows_match_copies_in_order() {
        let (_, rows) = changed_rows("a = 1\nb = 2\na = 1\n", "a = 1\n");
        assert_eq!(rows, BTreeSet::from([1, 2]));
    }

    #[test]
    fn detects_silent_excepts() {
        let code = "try:\n    x = f()\nexcept ValueError:\n    pass\n";
        let lines = norm_lines(code);
        let all: BTreeSet<usize> = lines.iter().map(|l| l.row).collect();
        assert!(has_swallowing_except(&lines, &all));
        let handled = norm_lines("try:\n    x = f()\nexcept ValueError:\n    x = 0\n");
        assert!(!has_swallowing_except(&handled, &all));
    }
}
