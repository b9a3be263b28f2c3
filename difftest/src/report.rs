//! Reports: JSON (the run reports themselves), JUnit XML, merging shards, and the
//! closing lines CI reads.

use crate::runner::RunReport;

/// The JSON report of one or more shard/generator runs.
pub fn to_json(reports: &[RunReport]) -> String {
    let total = Totals::of(reports);
    let value = serde_json::json!({
        "cases": total.cases,
        "mismatches": total.mismatches,
        "throughput": total.throughput(),
        "runs": reports,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Reads back the `runs` of a JSON report (to merge shards' reports).
pub fn from_json(text: &str) -> Result<Vec<RunReport>, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct File {
        runs: Vec<RunReport>,
    }
    serde_json::from_str::<File>(text).map(|f| f.runs)
}

/// Escapes text for XML attributes and content.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {
                out.push_str(&format!("&#x{:x};", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML report: one test case per generator and shard, one failure per mismatch.
pub fn to_junit(reports: &[RunReport]) -> String {
    let total = Totals::of(reports);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"difftest\" tests=\"{}\" failures=\"{}\" time=\"{:.3}\">\n",
        reports.len(),
        total.mismatches,
        total.seconds
    ));
    out.push_str(&format!(
        "  <testsuite name=\"difftest\" tests=\"{}\" failures=\"{}\" time=\"{:.3}\">\n",
        reports.len(),
        reports.iter().filter(|r| !r.mismatches.is_empty()).count(),
        total.seconds
    ));
    for r in reports {
        out.push_str(&format!(
            "    <testcase classname=\"difftest.{}\" name=\"{} seed {} shard {} ({} cases)\" time=\"{:.3}\">\n",
            r.generator, r.generator, r.seed, r.shard, r.cases, r.seconds
        ));
        for m in &r.mismatches {
            let replay = m
                .replay
                .as_ref()
                .map(|p| format!(" (replay: {})", p.display()))
                .unwrap_or_default();
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n",
                xml_escape(&format!("case {} disagrees{replay}", m.index)),
                xml_escape(&m.summary)
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Sums over runs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    /// Cases run.
    pub cases: u64,
    /// Mismatches found.
    pub mismatches: u64,
    /// Seconds, summed.
    pub seconds: f64,
}

impl Totals {
    /// The totals of `reports`.
    pub fn of(reports: &[RunReport]) -> Totals {
        let mut t = Totals::default();
        for r in reports {
            t.cases += r.cases;
            t.mismatches += r.mismatches.len() as u64;
            t.seconds += r.seconds;
        }
        t
    }

    /// Cases per second.
    pub fn throughput(&self) -> f64 {
        if self.seconds > 0.0 {
            self.cases as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// The closing lines: `difftest: N cases, M mismatches, X cases/s`, then
    /// `P passed, F failed` on a line of its own.
    pub fn closing_lines(&self) -> String {
        format!(
            "difftest: {} cases, {} mismatches, {:.0} cases/s\n{} passed, {} failed",
            self.cases,
            self.mismatches,
            self.throughput(),
            self.cases.saturating_sub(self.mismatches),
            self.mismatches
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::Generator;
    use crate::oracle::{Mutant, Oracle, Production};
    use crate::runner::{run, RunConfig};

    fn mutant_report() -> RunReport {
        let mut oracles: Vec<Box<dyn Oracle>> =
            vec![Box::new(Production::new()), Box::new(Mutant::new())];
        let mut cfg = RunConfig::new(Generator::Abac, 3_000, 1);
        cfg.max_mismatches = 2;
        cfg.shrink_budget = 200;
        run(&cfg, &mut oracles, &mut |_| {})
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#x1;"
        );
    }

    #[test]
    fn json_reports_round_trip_and_merge() {
        let r = mutant_report();
        let text = to_json(std::slice::from_ref(&r));
        let mut back = from_json(&text).unwrap();
        // Floats may come back a rounding step away.
        for b in &mut back {
            assert!((b.seconds - r.seconds).abs() < 1e-9);
            b.seconds = r.seconds;
        }
        assert_eq!(back, vec![r.clone()]);
        let merged = Totals::of(&[r.clone(), r.clone()]);
        assert_eq!(merged.cases, 2 * r.cases);
        assert_eq!(merged.mismatches, 2 * r.mismatches.len() as u64);
    }

    #[test]
    fn junit_has_a_failure_per_mismatch() {
        let r = mutant_report();
        assert!(!r.mismatches.is_empty());
        let xml = to_junit(std::slice::from_ref(&r));
        assert_eq!(xml.matches("<failure ").count(), r.mismatches.len());
        assert_eq!(xml.matches("<testcase ").count(), 1);
        assert!(xml.contains("classname=\"difftest.abac\""));
    }

    #[test]
    fn closing_lines_use_the_words_ci_reads() {
        let t = Totals {
            cases: 10,
            mismatches: 1,
            seconds: 2.0,
        };
        assert_eq!(
            t.closing_lines(),
            "difftest: 10 cases, 1 mismatches, 5 cases/s\n9 passed, 1 failed"
        );
    }
}
