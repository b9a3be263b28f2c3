//! Loading the model's extension files and running their definitions from Rust.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock};

use cedrus_lang::driver;
use cedrus_lang::elab::Elaborator;
use cedrus_lang::eval::{Evaluator, Value};
use cedrus_policy::ext::IpNet;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseResult, TestRunner};

/// The model's files that define the extension types, in import order, under `spec/`
/// (the last holds examples proved by the kernel's reduction, checked here as well).
pub const MODEL_FILES: &[&str] = &[
    "Cedar/Data.cdr",
    "Cedar/Ext/Text.cdr",
    "Cedar/Ext/Decimal.cdr",
    "Cedar/Ext/IPAddr.cdr",
    "Cedar/Ext/Datetime.cdr",
    "Cedar/Ext/Examples.cdr",
];

/// The prelude and the model's extension files, elaborated once for all the tests of
/// this binary; each test holds it for its whole run (the tests then run one after the
/// other, but the files are elaborated once rather than once per test).
pub fn load_model() -> MutexGuard<'static, Elaborator> {
    static MODEL: OnceLock<Mutex<Elaborator>> = OnceLock::new();
    let model = MODEL.get_or_init(|| Mutex::new(elaborate_model()));
    // A test that failed while holding the model leaves it as it was: the evaluator
    // only reads it.
    model
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Elaborates the prelude and the model's extension files.
fn elaborate_model() -> Elaborator {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let mut elab = match driver::new_elaborator(true) {
        Ok(e) => e,
        Err(ds) => panic!("the prelude does not load: {ds:?}"),
    };
    for file in MODEL_FILES {
        let path = root.join(file);
        let src = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if let Err(ds) = driver::elab_source(&mut elab, file, &src) {
            let shown: Vec<String> = ds.iter().map(|d| d.to_string()).collect();
            panic!("{file} does not elaborate:\n{}", shown.join("\n"));
        }
    }
    elab
}

/// Runs the model's definitions and reads their results back into Rust values.
pub struct Model<'e> {
    ev: Evaluator<'e>,
}

impl<'e> Model<'e> {
    pub fn new(elab: &'e Elaborator) -> Self {
        Model {
            ev: Evaluator::new(&elab.env).with_overrides(&elab.eval_code),
        }
    }

    /// `name args…`, which must evaluate.
    pub fn call(&mut self, name: &str, args: &[Value]) -> Value {
        match self.ev.eval_const(name, args) {
            Ok(v) => v,
            Err(e) => panic!("evaluating {name} failed: {e}"),
        }
    }

    /// `name "s"`, an `Option`: the value inside, if any.
    pub fn parse(&mut self, name: &str, s: &str) -> Option<Value> {
        let v = self.call(name, &[Value::string(s)]);
        option(&v).cloned()
    }

    pub fn bool(&mut self, name: &str, args: &[Value]) -> bool {
        let v = self.call(name, args);
        v.as_bool()
            .unwrap_or_else(|| panic!("{name} gave {v}, not a Bool"))
    }

    pub fn int(&mut self, name: &str, args: &[Value]) -> i64 {
        let v = self.call(name, args);
        v.as_i64()
            .unwrap_or_else(|| panic!("{name} gave {v}, not a 64-bit Int"))
    }

    pub fn decimal(&mut self, s: &str) -> Option<i64> {
        self.parse("Cedar.Decimal.parse", s)
            .map(|v| wrapped_int(&v))
    }

    pub fn datetime(&mut self, s: &str) -> Option<i64> {
        self.parse("Cedar.Datetime.parse", s)
            .map(|v| wrapped_int(&v))
    }

    pub fn duration(&mut self, s: &str) -> Option<i64> {
        self.parse("Cedar.Duration.parse", s)
            .map(|v| wrapped_int(&v))
    }

    /// The model's `IPAddr.parse`, as the model's value and as the production type.
    pub fn ip(&mut self, s: &str) -> Option<(Value, IpNet)> {
        self.parse("Cedar.IPAddr.parse", s).map(|v| {
            let net = ip_net(&v);
            (v, net)
        })
    }

    /// `name x` for a function returning `Option` of a one-`Int` structure.
    pub fn option_int(&mut self, name: &str, args: &[Value]) -> Option<i64> {
        let v = self.call(name, args);
        option(&v).map(wrapped_int)
    }
}

/// The value inside `Option.some`, `None` for `Option.none`.
pub fn option(v: &Value) -> Option<&Value> {
    match v.ctor_name().map(|n| n.as_str()) {
        Some("Option.some") => v.field(0),
        Some("Option.none") => None,
        _ => panic!("{v} is not an Option"),
    }
}

/// The `Int` field of `Decimal`, `Datetime` or `Duration`.
pub fn wrapped_int(v: &Value) -> i64 {
    v.field(0)
        .and_then(Value::as_i64)
        .unwrap_or_else(|| panic!("{v} does not hold a 64-bit Int"))
}

/// A number that must fit in `T`.
pub fn nat_field<T: std::str::FromStr>(v: &Value, i: usize) -> T {
    v.field(i)
        .and_then(Value::as_nat)
        .and_then(|n| n.to_string().parse().ok())
        .unwrap_or_else(|| panic!("field {i} of {v} is not a small enough Nat"))
}

/// The production engine's form of a model `IPAddr`.
pub fn ip_net(v: &Value) -> IpNet {
    match v.ctor_name().map(|n| n.as_str()) {
        Some("Cedar.IPAddr.v4") => IpNet::V4(nat_field(v, 0), nat_field(v, 1)),
        Some("Cedar.IPAddr.v6") => IpNet::V6(nat_field(v, 0), nat_field(v, 1)),
        _ => panic!("{v} is not an IPAddr"),
    }
}

/// A value of a one-`Int` structure of the model (`Cedar.Datetime.mk`, …).
pub fn mk(ctor: &str, val: i64) -> Value {
    Value::ctor(ctor, 0, vec![Value::int(val)])
}

/// A property-test runner with `cases` cases and no failure file (these tests run
/// outside the `proptest!` macro, which would name the file).
pub fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs `test` on `cases` values of `strategy`, failing with proptest's minimal case.
pub fn check<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> TestCaseResult)
where
    S::Value: std::fmt::Debug,
{
    if let Err(e) = runner(cases).run(&strategy, test) {
        panic!("{e}");
    }
}
