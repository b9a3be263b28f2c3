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

const KITCHEN_SINK: &str = r#"import Prelude.Basic Std
set_option pp.all true
universe u v
namespace Cedar
open List Option
section Foo
variable (x : Nat) {α : Type u} [inst : BEq α] ⦃β : Sort (max u v)⦄

/-- A value. -/
@[simp, reducible] def id' {α : Type} (a : α) : α := a

private def f : Nat → Nat
  | 0 => 1
  | n + 1 => f n * 2

abbrev Id2 := fun (x : Nat) => x
opaque secret : Nat
axiom ax : ∀ (n : Nat), n = n
example : 1 + 1 = 2 := rfl
instance (priority := 100) instBEq : BEq Decision where
  beq := fun a b => true
instance : Inhabited Nat := ⟨0⟩

structure Point (α : Type) extends Base α, Other where
  mk ::
  x : α
  y z : α := x
  {w : Nat}
deriving Repr, BEq

class Shape (α : Type u) where
  area : α → Nat

inductive Vec (α : Type u) : Nat → Type u where
  /-- empty -/
  | nil : Vec α 0
  | cons {n : Nat} (x : α) (xs : Vec α n) : Vec α (n + 1)

infixl:65 " +++ " => HAppend.hAppend
notation:50 a " ≼ " b => LE.le a b
prefix:max "√" => Nat.sqrt
postfix:max "!" => Nat.factorial

#check 1 +++ 2 ≼ 3
#eval √4 + 3!
#print axioms ax
#print Nat

mutual
def even : Nat → Bool
  | 0 => true
  | n + 1 => odd n
def odd : Nat → Bool
  | 0 => false
  | n + 1 => even n
end

def len : List α → Nat
  | [] => 0
  | _ :: xs => len xs + 1
termination_by xs => xs.length
decreasing_by simp_all; omega

def withWhere (n : Nat) : Nat := go n 0
where
  go : Nat → Nat → Nat
    | 0, acc => acc
    | k + 1, acc => go k (acc + 1)
  helper (x : Nat) : Nat := x

def terms (p : Nat × Nat) : Option Nat := do
  let x ← some 1
  let y := x + 1
  let mut z : Nat := 0
  z := z + y
  if x == 1 then
    return y
  else
    pure ()
  unless x > 3 do
    pure ()
  for i in [1, 2, 3] do
    z := z + i
  return x

def misc := (fun x ↦ x, λ (a : Nat) {b : Nat} => a, fun ⟨a, b⟩ => a, fun | 0 => 1 | _ => 2)
def misc2 := ∀ x y : Nat, ∃ z, x + y = z ∧ ¬ z = 0 → x ≤ z ∨ y ≥ z ↔ True
def misc3 := let x := 1; let y : Nat := 2
  have h : x = x := rfl
  show Nat from if h : x = y then x else y
def misc4 := { x := 1, y := 2 } :: { p with x := 3 } :: []
def misc5 := (x : Nat) → {y : Nat} → [BEq α] → Type u → Sort (u + 1) → Prop
def misc6 := @id Nat 1 |> f |> g
def misc6b := f <| g $ h
def misc7 := (xs.map (· + 1)).length.succ + p.1 + p.2.1 + .some 'a' + ?_ + ?x + _ + sorry
def misc8 := match h : x, y with | some a, .none => a | _, _ => "s\"t\n"
def misc9 (f : Nat → Nat) := f (x := 1) 2 |>.foo
def misc10 := calc a = b := by simp
    _ = c := h
def misc11 := show Nat by exact 1
def misc12 := «weird name» + xs.«α».length

theorem tacs (p q : Prop) (hp : p) (hq : q) : p ∧ q := by
  intro x y ⟨a, b⟩ _
  intros
  intros a b
  constructor
  · exact hp
  · apply And.intro <;> assumption
  . refine ⟨?_, ?_⟩
    exact h
  cases h with
  | inl h => left; exact h
  | inr h =>
    right
    exact h
  cases h
  cases h : f x with
  | none => rfl
  | some v =>
    cases v with
    | zero => rfl
    | succ k => rfl
  rcases h with ⟨x, y⟩ | h | -
  rcases h : xs.head?, q with _ | y
  obtain ⟨x, rfl⟩ := h
  induction n generalizing m with
  | zero => rfl
  | succ n ih => simp only [Nat.add, ← ih] at h ⊢
  exists 1, 2
  contradiction
  exfalso
  trivial
  have h : p := hp
  have : q := by
    exact hq
  have h2 : p
  show p ∧ q
  calc a = b := by rw [h]
    _ = c := h2
  unfold f g at h
  rw [h, ← g] at h'
  rewrite [h]
  simp
  simp [*] at *
  simp_all
  split
  injection h with h1 h2
  subst h1 h2
  generalize hx : f x = y
  specialize h 1 2
  symm
  symm at h ⊢
  simpa
  simpa only [foo, ← bar] using h.symm
  revert h x
  clear h
  by_cases h : x = 1
  by_cases p
  change p ∧ q
  rwa [h] at h'
  decide
  omega
  sorry
  admit
  case inl x y => exact x
  next a => rfl
  all_goals simp
  any_goals rfl
  first | rfl | simp | omega
  try simp
  repeat constructor
  (simp; rfl)
  done

attribute [simp, instance 100] foo bar
class inductive Dec (p : Prop) | isTrue (h : p) | isFalse (h : ¬ p)
#reduce (fun x => x) 1
set_option maxRecDepth 100
set_option opt "s"
set_option other.opt someIdent
protected noncomputable partial def loop (n : Nat) : Nat := loop n
theorem lvl : Sort (imax u 0) = Sort (max u _) := rfl

end Foo
end Cedar
"#;

#[test]
fn kitchen_sink_roundtrips() {
    let cmds = roundtrip_file(KITCHEN_SINK);
    assert!(cmds.len() > 40, "{}", cmds.len());
    if std::env::var_os("SHOW").is_some() {
        for c in &cmds {
            println!("{c}\n");
        }
    }
}

mod errors;
mod props;
mod shapes;

/// Parses a term with the core table, panicking with a rendered error on failure.
fn term(src: &str) -> Term {
    match parse_term(src, &core()) {
        Ok(t) => t,
        Err(e) => panic!("{}", e.render("term", src)),
    }
}

/// The fully parenthesized rendering of a term, to check how it was grouped.
fn grouping(t: &Term) -> String {
    match &t.kind {
        TermKind::Notation(n, args) => {
            let mut args = args.iter();
            let parts: Vec<String> = n
                .items
                .iter()
                .map(|i| match i {
                    notation::Item::Atom(a) => a.clone(),
                    notation::Item::Var(_) => args.next().map(grouping).unwrap_or_default(),
                })
                .collect();
            format!("({})", parts.join(" "))
        }
        TermKind::App(f, args) => {
            let args: Vec<String> = args
                .iter()
                .map(|a| match a {
                    Arg::Positional(t) => grouping(t),
                    Arg::Named(n, t) => format!("({n} := {})", grouping(t)),
                })
                .collect();
            format!("({} {})", grouping(f), args.join(" "))
        }
        TermKind::Arrow(a, b) => format!("({} → {})", grouping(a), grouping(b)),
        _ => t.to_string(),
    }
}
