//! Tests of the parser and printer on whole files and constructs.

use super::*;

fn core() -> NotationTable {
    NotationTable::lean_core()
}

fn file(src: &str) -> Vec<Command> {
    match parse_file(src, &core()) {
        Ok((cmds, _)) => cmds,
        Err(e) => panic!("{}", e.render("test.cdr", src)),
    }
}

/// Parses, prints, re-parses and checks that the trees agree.
fn roundtrip_file(src: &str) -> Vec<Command> {
    let cmds = file(src);
    let printed: Vec<String> = cmds.iter().map(|c| c.to_string()).collect();
    let printed = printed.join("\n\n");
    let again = match parse_file(&printed, &core()) {
        Ok((c, _)) => c,
        Err(e) => panic!(
            "re-parse failed:\n{printed}\n{}",
            e.render("printed.cdr", &printed)
        ),
    };
    assert_eq!(cmds, again, "printed:\n{printed}");
    cmds
}

const DESIGN_EXAMPLE: &str = r#"inductive Decision where
  | allow
  | deny

def append (xs ys : List α) : List α :=
  match xs with
  | [] => ys
  | x :: xs => x :: append xs ys

theorem append_length (xs ys : List α) :
    (append xs ys).length = xs.length + ys.length := by
  induction xs with
  | nil => simp [append]
  | cons x xs ih => simp [append, ih]; omega
"#;

#[test]
fn design_example() {
    let cmds = roundtrip_file(DESIGN_EXAMPLE);
    assert_eq!(cmds.len(), 3);
    println!(
        "{}",
        cmds.iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
