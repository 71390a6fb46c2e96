//! Precision and recall of proposed records against gold records.
//!
//! A proposed record matches a gold record when the speakers are the same and their texts
//! share most words (F1 of the folded words at least 0.6); each record matches at most
//! once. Dates, kinds and channels of the matched pairs are compared and reported too.

use communique::fold::folded_words;
use serde_json::Value;

/// What a comparison found.
pub struct Evaluation {
    pub proposed: usize,
    pub gold: usize,
    /// (gold index, proposed index) of each match.
    pub matches: Vec<(usize, usize)>,
    pub same_date: usize,
    pub same_kind: usize,
    pub same_channel: usize,
    pub report: String,
}

impl Evaluation {
    pub fn precision(&self) -> f64 {
        self.matches.len() as f64 / self.proposed.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.matches.len() as f64 / self.gold.max(1) as f64
    }
}

/// Returns the records of a JSON Lines text.
pub fn read_jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("a JSON record"))
        .collect()
}

fn field<'a>(record: &'a Value, key: &str) -> &'a str {
    record[key].as_str().unwrap_or("")
}

/// Returns the F1 of the folded words of two texts.
fn overlap(a: &str, b: &str) -> f64 {
    let a = folded_words(a);
    let b = folded_words(b);
    let mut remaining = b.clone();
    let mut common = 0;
    for word in &a {
        if let Some(position) = remaining.iter().position(|other| other == word) {
            remaining.swap_remove(position);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let precision = common as f64 / b.len() as f64;
    let recall = common as f64 / a.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

/// Compares `proposed` with `gold` and writes a report naming every miss and extra.
pub fn evaluate(name: &str, proposed: &[Value], gold: &[Value]) -> Evaluation {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (g, gold_record) in gold.iter().enumerate() {
        for (p, proposed_record) in proposed.iter().enumerate() {
            if field(gold_record, "speaker") != field(proposed_record, "speaker") {
                continue;
            }
            let score = overlap(field(gold_record, "text"), field(proposed_record, "text"));
            if score >= 0.6 {
                pairs.push((score, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut matches = Vec::new();
    for (_, g, p) in pairs {
        if !matches.iter().any(|&(mg, mp)| mg == g || mp == p) {
            matches.push((g, p));
        }
    }
    matches.sort();
    let same = |key: &str| {
        matches
            .iter()
            .filter(|&&(g, p)| field(&gold[g], key) == field(&proposed[p], key))
            .count()
    };
    let mut report = String::new();
    for (g, gold_record) in gold.iter().enumerate() {
        match matches.iter().find(|&&(mg, _)| mg == g) {
            Some(&(_, p)) => {
                let mut differences = Vec::new();
                for key in ["date", "kind", "channel"] {
                    if field(gold_record, key) != field(&proposed[p], key) {
                        differences.push(format!(
                            "{key} {:?} (gold {:?})",
                            field(&proposed[p], key),
                            field(gold_record, key)
                        ));
                    }
                }
                let note = if differences.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", differences.join(", "))
                };
                report.push_str(&format!(
                    "  found   {}: {}{note}\n",
                    field(gold_record, "speaker"),
                    field(gold_record, "text")
                ));
            }
            None => report.push_str(&format!(
                "  MISSED  {}: {}\n",
                field(gold_record, "speaker"),
                field(gold_record, "text")
            )),
        }
    }
    for (p, record) in proposed.iter().enumerate() {
        if !matches.iter().any(|&(_, mp)| mp == p) {
            report.push_str(&format!(
                "  EXTRA   {}: {}\n",
                field(record, "speaker"),
                field(record, "text")
            ));
        }
    }
    let evaluation = Evaluation {
        proposed: proposed.len(),
        gold: gold.len(),
        same_date: same("date"),
        same_kind: same("kind"),
        same_channel: same("channel"),
        matches,
        report,
    };
    let summary = format!(
        "{name}: precision {:.2} ({}/{}), recall {:.2} ({}/{}); of the matches, same date {}, same kind {}, same channel {}",
        evaluation.precision(),
        evaluation.matches.len(),
        evaluation.proposed,
        evaluation.recall(),
        evaluation.matches.len(),
        evaluation.gold,
        evaluation.same_date,
        evaluation.same_kind,
        evaluation.same_channel,
    );
    Evaluation {
        report: format!("{summary}\n{}", evaluation.report),
        ..evaluation
    }
}
