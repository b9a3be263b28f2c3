//! Tests of the Cedar model in `spec/Cedar/*.cdr`: the files check, and their
//! definitions give Cedar's answers on hand-picked expressions, policies and links, and
//! agree with the production engine and with Rust's checked arithmetic on random inputs.
//!
//! Each test loads the model once (a scratch folder with a copy of `spec/Cedar` and a
//! file of small helpers) and evaluates expressions of the embedded language in it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use cedrus_lang::driver::{self, Options};
use cedrus_lang::elab::Elaborator;
use cedrus_policy::ast::PatternElem;
use proptest::prelude::*;

/// Helpers the test expressions use: a request, an entity store, literals, policies.
const HELPERS: &str = r#"import Cedar.Authorizer

def u (t e : String) : Cedar.EntityUID := ⟨t, e⟩
def req : Cedar.Request :=
  ⟨u "User" "alice", u "Action" "view", u "Photo" "p", [("n", Cedar.Value.long 3)]⟩
def es : Cedar.Entities :=
  [(u "User" "alice",
    ⟨[("age", Cedar.Value.long 30)], [u "Group" "g", u "Group" "h"], [("t", Cedar.Value.string "x")]⟩),
   (u "Action" "view", ⟨[], [u "Action" "read"], []⟩)]
def ev (x : Cedar.Expr) : Cedar.Result Cedar.Value := Cedar.evaluate x req es
def L (i : Int) : Cedar.Expr := .lit (.long i)
def S (s : String) : Cedar.Expr := .lit (.string s)
def E (t e : String) : Cedar.Expr := .lit (.entityUID (u t e))
def B (b : Bool) : Cedar.Expr := .lit (.bool b)
def call (f : Cedar.ExtFun) (args : List Cedar.Expr) : Cedar.Result Cedar.Value :=
  ev (.call f args)
def pol (id : String) (eff : Cedar.Effect) (ps : Cedar.Scope) (a : Cedar.ActionScope)
    (rs : Cedar.Scope) (cs : List Cedar.Condition) : Cedar.Policy := ⟨id, eff, ps, a, rs, cs⟩
def permitGroup : Cedar.Policy :=
  pol "permitGroup" .permit (.mem (.entityUID (u "Group" "g"))) .any .any []
def forbidEdit : Cedar.Policy :=
  pol "forbidEdit" .forbid .any (.memSet [u "Action" "edit"]) .any []
def forbidBadWhen : Cedar.Policy :=
  pol "forbidBadWhen" .forbid .any .any (.is "Photo") [⟨.whenClause, L 1⟩]
def forbidUnless : Cedar.Policy :=
  pol "forbidUnless" .forbid .any .any .any [⟨.unlessClause, .binaryApp .less (L 1) (L 2)⟩]
def template : Cedar.Policy := pol "template" .permit (.eq .slot) .any .any []
def forbidPhoto : Cedar.Policy :=
  pol "forbidPhoto" .forbid .any (.mem (u "Action" "read"))
    (.isMem "Photo" (.entityUID (u "Photo" "p"))) []

-- The kernel reduces the checked definitions (not the evaluator's equations) to these.
theorem kernel_short_circuit : ev (.and (B false) (L 1)) = .ok (Cedar.Value.bool false) := rfl
theorem kernel_type_error : ev (.and (B true) (L 1)) = .error .typeError := rfl
theorem kernel_in_group :
    ev (.binaryApp .mem (.var .principal) (E "Group" "g")) = .ok (Cedar.Value.bool true) := rfl
theorem kernel_attr : ev (.getAttr (.var .principal) "age") = .ok (Cedar.Value.long 30) := rfl
theorem kernel_missing_entity : ev (.getAttr (E "X" "y") "a") = .error .entityDoesNotExist := rfl
theorem kernel_overflow :
    ev (.binaryApp .add (L 9223372036854775807) (L 1)) = .error .arithBoundsError := rfl
theorem kernel_set_eq :
    ev (.binaryApp .eq (.set [L 1, L 2, L 1]) (.set [L 2, L 1])) = .ok (Cedar.Value.bool true) :=
  rfl
theorem kernel_forbid_overrides :
    (Cedar.isAuthorized req es [permitGroup, forbidPhoto]).decision = .deny := rfl
"#;

/// The theorems of [`HELPERS`], which the kernel checks when the model loads.
const KERNEL_THEOREMS: &[&str] = &[
    "kernel_short_circuit",
    "kernel_type_error",
    "kernel_in_group",
    "kernel_attr",
    "kernel_missing_entity",
    "kernel_overflow",
    "kernel_set_eq",
    "kernel_forbid_overrides",
];

/// The model loaded with the helpers, ready to evaluate expressions.
struct Model {
    elab: Elaborator,
    /// The scratch folder, removed when the model is dropped.
    dir: PathBuf,
}

impl Drop for Model {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Model {
    fn load() -> Model {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cedrus-model-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("spec")
            .join("Cedar");
        copy_dir(&spec, &dir.join("Cedar"));
        let helpers = dir.join("ModelTest.cdr");
        std::fs::write(&helpers, HELPERS).expect("write the helpers");
        let report = match driver::check_paths(&[helpers], &Options::default()) {
            Ok(r) => r,
            Err(ds) => panic!("the model does not check: {}", render(&ds)),
        };
        assert!(
            report.decls.iter().all(|d| !d.uses_sorry),
            "the model uses sorry"
        );
        for name in KERNEL_THEOREMS {
            assert!(
                report
                    .decls
                    .iter()
                    .any(|d| d.kind == "theorem" && d.name.as_str() == *name),
                "theorem {name} was not checked"
            );
        }
        Model {
            elab: report.elaborator,
            dir,
        }
    }

    /// The printed value of `expr`.
    fn eval(&mut self, expr: &str) -> String {
        match driver::eval_expr(&mut self.elab, expr) {
            Ok(v) => v,
            Err(d) => panic!("{expr}: {}", render(std::slice::from_ref(&d))),
        }
    }

    /// Asserts that `expr` prints as `expected`.
    fn expect(&mut self, expr: &str, expected: &str) {
        assert_eq!(self.eval(expr), expected, "{expr}");
    }
}

fn render(ds: &[driver::Diagnostic]) -> String {
    ds.iter().map(|d| format!("{d}\n")).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("scratch dir");
    for entry in std::fs::read_dir(from).expect("read spec dir") {
        let path: PathBuf = entry.expect("dir entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

const TRUE: &str = "Except.ok (Cedar.Value.prim (Cedar.Prim.bool true))";
const FALSE: &str = "Except.ok (Cedar.Value.prim (Cedar.Prim.bool false))";
const TYPE_ERROR: &str = "Except.error Cedar.Error.typeError";
const BOUNDS: &str = "Except.error Cedar.Error.arithBoundsError";

#[test]
fn operators_follow_cedar() {
    let mut m = Model::load();
    // Short-circuiting: the right operand is looked at only when it is needed.
    m.expect("ev (.and (B false) (L 1))", FALSE);
    m.expect("ev (.and (B true) (L 1))", TYPE_ERROR);
    m.expect("ev (.and (L 1) (B false))", TYPE_ERROR);
    m.expect("ev (.or (B true) (L 1))", TRUE);
    m.expect("ev (.or (B false) (L 1))", TYPE_ERROR);
    m.expect("ev (.ite (L 1) (L 2) (L 3))", TYPE_ERROR);
    m.expect(
        "ev (.ite (B false) (.getAttr (L 1) \"a\") (L 3))",
        "Except.ok (Cedar.Value.prim (Cedar.Prim.long 3))",
    );
    // Equality never errors; sets are sets, records ignore attribute order.
    m.expect("ev (.binaryApp .eq (L 1) (S \"1\"))", FALSE);
    m.expect(
        "ev (.binaryApp .eq (.set [L 1, L 2, L 1]) (.set [L 2, L 1]))",
        TRUE,
    );
    m.expect("ev (.binaryApp .eq (.set [L 1, L 2]) (.set [L 1]))", FALSE);
    m.expect(
        "ev (.binaryApp .eq (.record [(\"a\", L 1), (\"b\", S \"x\")]) (.record [(\"b\", S \"x\"), (\"a\", L 1)]))",
        TRUE,
    );
    m.expect(
        "ev (.binaryApp .eq (.record [(\"a\", L 1)]) (.record [(\"a\", L 1), (\"b\", L 1)]))",
        FALSE,
    );
    m.expect(
        "ev (.binaryApp .eq (.var .principal) (E \"User\" \"alice\"))",
        TRUE,
    );
    // Checked arithmetic.
    m.expect("ev (.binaryApp .add (L 9223372036854775807) (L 1))", BOUNDS);
    m.expect(
        "ev (.binaryApp .sub (L (-9223372036854775808)) (L 1))",
        BOUNDS,
    );
    m.expect("ev (.binaryApp .mul (L 4294967296) (L 4294967296))", BOUNDS);
    m.expect("ev (.unaryApp .neg (L (-9223372036854775808)))", BOUNDS);
    m.expect(
        "ev (.binaryApp .mul (L (-3)) (L 4))",
        "Except.ok (Cedar.Value.prim (Cedar.Prim.long (-12)))",
    );
    m.expect("ev (.binaryApp .add (L 1) (S \"a\"))", TYPE_ERROR);
    m.expect("ev (.binaryApp .lessEq (L 2) (L 2))", TRUE);
    m.expect("ev (.binaryApp .less (S \"a\") (S \"b\"))", TYPE_ERROR);
    // Comparisons of datetimes and durations, not across the two.
    m.expect(
        "ev (.binaryApp .less (.call .datetime [S \"2024-01-01\"]) (.call .datetime [S \"2024-01-02\"]))",
        TRUE,
    );
    m.expect(
        "ev (.binaryApp .less (.call .datetime [S \"2024-01-01\"]) (.call .duration [S \"1d\"]))",
        TYPE_ERROR,
    );
    // `in`: equal, ancestor, sets of entities, missing entities.
    m.expect(
        "ev (.binaryApp .mem (.var .principal) (E \"Group\" \"h\"))",
        TRUE,
    );
    m.expect(
        "ev (.binaryApp .mem (.var .principal) (E \"Group\" \"x\"))",
        FALSE,
    );
    m.expect(
        "ev (.binaryApp .mem (.var .principal) (.set [E \"Group\" \"x\", E \"Group\" \"g\"]))",
        TRUE,
    );
    m.expect(
        "ev (.binaryApp .mem (.var .principal) (.set [E \"Group\" \"g\", L 1]))",
        TYPE_ERROR,
    );
    m.expect("ev (.binaryApp .mem (E \"X\" \"y\") (E \"X\" \"y\"))", TRUE);
    m.expect(
        "ev (.binaryApp .mem (E \"X\" \"y\") (E \"X\" \"z\"))",
        FALSE,
    );
    m.expect("ev (.binaryApp .mem (L 1) (E \"X\" \"z\"))", TYPE_ERROR);
    // Attributes and tags.
    m.expect(
        "ev (.getAttr (E \"X\" \"y\") \"a\")",
        "Except.error Cedar.Error.entityDoesNotExist",
    );
    m.expect("ev (.hasAttr (E \"X\" \"y\") \"a\")", FALSE);
    m.expect(
        "ev (.getAttr (.var .principal) \"age\")",
        "Except.ok (Cedar.Value.prim (Cedar.Prim.long 30))",
    );
    m.expect(
        "ev (.getAttr (.var .principal) \"agex\")",
        "Except.error Cedar.Error.attrDoesNotExist",
    );
    m.expect("ev (.hasAttr (.var .context) \"n\")", TRUE);
    m.expect("ev (.hasAttr (L 1) \"n\")", TYPE_ERROR);
    m.expect(
        "ev (.binaryApp .getTag (.var .principal) (S \"t\"))",
        "Except.ok (Cedar.Value.prim (Cedar.Prim.string \"x\"))",
    );
    m.expect(
        "ev (.binaryApp .getTag (.var .principal) (S \"u\"))",
        "Except.error Cedar.Error.tagDoesNotExist",
    );
    m.expect(
        "ev (.binaryApp .getTag (E \"X\" \"y\") (S \"u\"))",
        "Except.error Cedar.Error.entityDoesNotExist",
    );
    m.expect("ev (.binaryApp .hasTag (E \"X\" \"y\") (S \"u\"))", FALSE);
    m.expect(
        "ev (.binaryApp .hasTag (.var .principal) (L 1))",
        TYPE_ERROR,
    );
    // `like`, `is`, set methods.
    m.expect(
        "ev (.unaryApp (.like [.star, .char (Char.ofNat 98), .star]) (S \"abc\"))",
        TRUE,
    );
    m.expect(
        "ev (.unaryApp (.like [.star, .char (Char.ofNat 98)]) (S \"abc\"))",
        FALSE,
    );
    m.expect("ev (.unaryApp (.is \"User\") (.var .principal))", TRUE);
    m.expect("ev (.unaryApp (.is \"User\") (.var .resource))", FALSE);
    m.expect("ev (.unaryApp (.is \"User\") (L 1))", TYPE_ERROR);
    m.expect(
        "ev (.binaryApp .contains (.set [L 1, .set [L 2]]) (.set [L 2, L 2]))",
        TRUE,
    );
    m.expect(
        "ev (.binaryApp .containsAll (.set [L 1, L 2]) (.set [L 2]))",
        TRUE,
    );
    m.expect(
        "ev (.binaryApp .containsAny (.set [L 1, L 2]) (.set [L 3]))",
        FALSE,
    );
    m.expect(
        "ev (.binaryApp .containsAny (.set [L 1]) (L 1))",
        TYPE_ERROR,
    );
    m.expect("ev (.unaryApp .isEmpty (.set []))", TRUE);
    m.expect("ev (.unaryApp .isEmpty (L 1))", TYPE_ERROR);
    // A repeated attribute in a record literal: the first one counts.
    m.expect(
        "ev (.record [(\"a\", L 1), (\"a\", L 2)])",
        "Except.ok (Cedar.Value.record [(\"a\", Cedar.Value.prim (Cedar.Prim.long 1))])",
    );
}

#[test]
fn extension_functions_dispatch() {
    let mut m = Model::load();
    m.expect(
        "call .decimal [S \"1.23\"]",
        "Except.ok (Cedar.Value.ext (Cedar.Ext.decimal (Cedar.Decimal.mk 12300)))",
    );
    m.expect(
        "call .decimal [S \"1.2.3\"]",
        "Except.error Cedar.Error.extensionError",
    );
    m.expect("call .decimal [L 1]", TYPE_ERROR);
    m.expect("call .decimal []", TYPE_ERROR);
    m.expect("call .isIpv4 [.call .decimal [S \"1.0\"]]", TYPE_ERROR);
    m.expect(
        "call .lessThan [.call .decimal [S \"1.2\"], .call .decimal [S \"1.3\"]]",
        TRUE,
    );
    m.expect(
        "call .greaterThanOrEqual [.call .decimal [S \"1.2\"], .call .decimal [S \"1.3\"]]",
        FALSE,
    );
    m.expect(
        "call .isInRange [.call .ip [S \"10.0.0.1\"], .call .ip [S \"10.0.0.0/8\"]]",
        TRUE,
    );
    m.expect("call .isLoopback [.call .ip [S \"127.0.0.1\"]]", TRUE);
    m.expect(
        "ev (.binaryApp .eq (.call .ip [S \"10.0.0.1\"]) (.call .ip [S \"10.0.0.1/32\"]))",
        TRUE,
    );
    m.expect(
        "call .toDays [.call .duration [S \"2d12h\"]]",
        "Except.ok (Cedar.Value.prim (Cedar.Prim.long 2))",
    );
    m.expect(
        "call .offset [.call .datetime [S \"2024-01-01\"], .call .duration [S \"1d\"]]",
        "Except.ok (Cedar.Value.ext (Cedar.Ext.datetime (Cedar.Datetime.mk 1704153600000)))",
    );
}

#[test]
fn authorizer_and_links() {
    let mut m = Model::load();
    // An erroring forbid does not deny; a satisfied permit allows.
    m.expect(
        "Cedar.isAuthorized req es [permitGroup, forbidEdit, forbidBadWhen, forbidUnless, template]",
        "Cedar.Response.mk Cedar.Decision.allow [\"permitGroup\"] [\"forbidBadWhen\"]",
    );
    // A satisfied forbid overrides the permit (`action in` goes through the hierarchy).
    m.expect(
        "Cedar.isAuthorized req es [permitGroup, forbidBadWhen, forbidPhoto]",
        "Cedar.Response.mk Cedar.Decision.deny [\"forbidPhoto\"] [\"forbidBadWhen\"]",
    );
    // Default deny.
    m.expect(
        "Cedar.isAuthorized req es []",
        "Cedar.Response.mk Cedar.Decision.deny [] []",
    );
    m.expect(
        "Cedar.isAuthorized req es [forbidEdit, template]",
        "Cedar.Response.mk Cedar.Decision.deny [] []",
    );
    // Linking.
    m.expect(
        "Cedar.link [template] ⟨\"template\", \"l1\", some (u \"User\" \"alice\"), none⟩",
        "Except.ok (Cedar.Policy.mk \"l1\" Cedar.Effect.permit (Cedar.Scope.eq (Cedar.EntityOrSlot.entityUID (Cedar.EntityUID.mk \"User\" \"alice\"))) Cedar.ActionScope.any Cedar.Scope.any [])",
    );
    m.expect(
        "Cedar.link [template] ⟨\"template\", \"l1\", none, none⟩",
        "Except.error (Cedar.LinkError.missingSlot \"template\")",
    );
    m.expect(
        "Cedar.link [template] ⟨\"template\", \"l1\", some (u \"User\" \"a\"), some (u \"X\" \"y\")⟩",
        "Except.error (Cedar.LinkError.unexpectedSlot \"template\")",
    );
    m.expect(
        "Cedar.link [permitGroup] ⟨\"permitGroup\", \"l1\", none, none⟩",
        "Except.error (Cedar.LinkError.notATemplate \"permitGroup\")",
    );
    m.expect(
        "Cedar.link [template] ⟨\"nope\", \"l1\", none, none⟩",
        "Except.error (Cedar.LinkError.templateNotFound \"nope\")",
    );
    // The policies to authorize with: static ones, then the links; templates dropped.
    m.expect(
        "match Cedar.linkPolicies [permitGroup, template] [⟨\"template\", \"l1\", some (u \"User\" \"bob\"), none⟩] with | .ok ps => ps.map Cedar.Policy.id | .error _ => []",
        "[\"permitGroup\", \"l1\"]",
    );
    m.expect(
        "match Cedar.linkPolicies [permitGroup, template] [⟨\"permitGroup\", \"l1\", none, none⟩] with | .ok _ => true | .error _ => false",
        "false",
    );
    // A linked template is used; the link for another principal is not satisfied.
    m.expect(
        "match Cedar.linkAll [template] [⟨\"template\", \"l1\", some (u \"User\" \"alice\"), none⟩, ⟨\"template\", \"l2\", some (u \"User\" \"bob\"), none⟩] with | .ok ps => Cedar.isAuthorized req es ps | .error _ => Cedar.isAuthorized req es []",
        "Cedar.Response.mk Cedar.Decision.allow [\"l1\"] []",
    );
}

/// A `like` pattern as a model term.
fn pattern_term(p: &[PatternElem]) -> String {
    let elems: Vec<String> = p
        .iter()
        .map(|e| match e {
            PatternElem::Wildcard => ".star".to_string(),
            PatternElem::Char(c) => format!(".char (Char.ofNat {})", u32::from(*c)),
        })
        .collect();
    format!("[{}]", elems.join(", "))
}

fn pattern_strategy() -> impl Strategy<Value = Vec<PatternElem>> {
    prop::collection::vec(
        prop_oneof![
            Just(PatternElem::Wildcard),
            Just(PatternElem::Char('a')),
            Just(PatternElem::Char('b')),
        ],
        0..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// `like` in the model agrees with the production engine's matcher.
    #[test]
    fn like_agrees_with_the_engine(p in pattern_strategy(), text in "[ab]{0,6}") {
        thread_local!(static MODEL: std::cell::RefCell<Option<Model>> = const { std::cell::RefCell::new(None) });
        let expected = cedrus_policy::eval::wildcard_match(&p, &text);
        let got = MODEL.with(|m| {
            let mut m = m.borrow_mut();
            let model = m.get_or_insert_with(Model::load);
            model.eval(&format!("Cedar.wildcardMatch {} \"{text}\".data", pattern_term(&p)))
        });
        prop_assert_eq!(got, expected.to_string());
    }

    /// Checked 64-bit arithmetic in the model agrees with Rust's.
    #[test]
    fn arithmetic_agrees_with_i64(a in any::<i64>(), b in any::<i64>(), op in 0usize..3) {
        thread_local!(static MODEL: std::cell::RefCell<Option<Model>> = const { std::cell::RefCell::new(None) });
        let (name, expected) = match op {
            0 => ("add", a.checked_add(b)),
            1 => ("sub", a.checked_sub(b)),
            _ => ("mul", a.checked_mul(b)),
        };
        let expected = match expected {
            Some(r) if r < 0 => format!("Except.ok ({r})"),
            Some(r) => format!("Except.ok {r}"),
            None => "Except.error Cedar.Error.arithBoundsError".to_string(),
        };
        let got = MODEL.with(|m| {
            let mut m = m.borrow_mut();
            let model = m.get_or_insert_with(Model::load);
            model.eval(&format!("Cedar.Int64.{name} ({a}) ({b})"))
        });
        prop_assert_eq!(got, expected);
    }

    /// Set equality ignores order and repetition: a set equals its reverse with every
    /// element doubled, and a set missing an element it has is different.
    #[test]
    fn set_equality_ignores_order_and_repetition(xs in prop::collection::vec(0i64..5, 1..6)) {
        thread_local!(static MODEL: std::cell::RefCell<Option<Model>> = const { std::cell::RefCell::new(None) });
        let set = |v: &[i64]| {
            let items: Vec<String> = v.iter().map(|x| format!("L {x}")).collect();
            format!("(.set [{}])", items.join(", "))
        };
        let mut shuffled: Vec<i64> = xs.iter().rev().copied().collect();
        shuffled.extend(xs.iter().copied());
        let without: Vec<i64> = xs.iter().copied().filter(|x| *x != xs[0]).collect();
        let (same, different) = MODEL.with(|m| {
            let mut m = m.borrow_mut();
            let model = m.get_or_insert_with(Model::load);
            (
                model.eval(&format!("ev (.binaryApp .eq {} {})", set(&xs), set(&shuffled))),
                model.eval(&format!("ev (.binaryApp .eq {} {})", set(&xs), set(&without))),
            )
        });
        prop_assert_eq!(same, TRUE);
        prop_assert_eq!(different, FALSE);
    }
}
