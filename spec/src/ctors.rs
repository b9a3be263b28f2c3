//! The constructors of the model's data, looked up once in the checked environment, and
//! evaluator values built from them.
//!
//! Values are built directly as evaluator values (constructor applications with the
//! type parameters erased), never as kernel terms: the evaluator would only have to
//! take kernel terms apart again. Every constructor is checked against the environment
//! (it exists, and takes the number of fields given), so a change to `Data.cdr` gives a
//! [`SpecError::Missing`] rather than wrong data.

use std::collections::HashMap;

use cedrus_kernel::{ConstantKind, Environment, Name};
use cedrus_lang::eval::Value;
use cedrus_policy::ast::ExtFn;

use crate::SpecError;

/// One constructor: its name, position in its type, and number of fields.
#[derive(Clone, Debug)]
struct Ctor {
    name: Name,
    idx: u32,
    fields: u32,
}

/// The constructors the conversions need.
#[derive(Clone, Debug)]
pub(crate) struct Ctors {
    table: HashMap<String, Ctor>,
}

/// Constructors every conversion needs; looked up when the model loads.
const REQUIRED: &[&str] = &[
    "Bool.false",
    "Bool.true",
    "List.nil",
    "List.cons",
    "Prod.mk",
    "Option.none",
    "Option.some",
    "Char.mk",
    "Cedar.EntityUID.mk",
    "Cedar.Decimal.mk",
    "Cedar.IPAddr.v4",
    "Cedar.IPAddr.v6",
    "Cedar.Datetime.mk",
    "Cedar.Duration.mk",
    "Cedar.Ext.decimal",
    "Cedar.Ext.ipaddr",
    "Cedar.Ext.datetime",
    "Cedar.Ext.duration",
    "Cedar.Prim.bool",
    "Cedar.Prim.long",
    "Cedar.Prim.string",
    "Cedar.Prim.entityUID",
    "Cedar.Value.prim",
    "Cedar.Value.set",
    "Cedar.Value.record",
    "Cedar.Value.ext",
    "Cedar.Var.principal",
    "Cedar.Var.action",
    "Cedar.Var.resource",
    "Cedar.Var.context",
    "Cedar.PatElem.star",
    "Cedar.PatElem.char",
    "Cedar.UnaryOp.not",
    "Cedar.UnaryOp.neg",
    "Cedar.UnaryOp.isEmpty",
    "Cedar.UnaryOp.like",
    "Cedar.UnaryOp.is",
    "Cedar.BinaryOp.eq",
    "Cedar.BinaryOp.mem",
    "Cedar.BinaryOp.hasTag",
    "Cedar.BinaryOp.getTag",
    "Cedar.BinaryOp.less",
    "Cedar.BinaryOp.lessEq",
    "Cedar.BinaryOp.add",
    "Cedar.BinaryOp.sub",
    "Cedar.BinaryOp.mul",
    "Cedar.BinaryOp.contains",
    "Cedar.BinaryOp.containsAll",
    "Cedar.BinaryOp.containsAny",
    "Cedar.Expr.lit",
    "Cedar.Expr.var",
    "Cedar.Expr.ite",
    "Cedar.Expr.and",
    "Cedar.Expr.or",
    "Cedar.Expr.unaryApp",
    "Cedar.Expr.binaryApp",
    "Cedar.Expr.getAttr",
    "Cedar.Expr.hasAttr",
    "Cedar.Expr.set",
    "Cedar.Expr.record",
    "Cedar.Expr.call",
    "Cedar.EntityData.mk",
    "Cedar.Request.mk",
    "Cedar.Effect.permit",
    "Cedar.Effect.forbid",
    "Cedar.EntityOrSlot.entityUID",
    "Cedar.EntityOrSlot.slot",
    "Cedar.Scope.any",
    "Cedar.Scope.eq",
    "Cedar.Scope.mem",
    "Cedar.Scope.is",
    "Cedar.Scope.isMem",
    "Cedar.ActionScope.any",
    "Cedar.ActionScope.eq",
    "Cedar.ActionScope.mem",
    "Cedar.ActionScope.memSet",
    "Cedar.ConditionKind.whenClause",
    "Cedar.ConditionKind.unlessClause",
    "Cedar.Condition.mk",
    "Cedar.Policy.mk",
    "Cedar.Link.mk",
];

impl Ctors {
    /// Looks up every constructor the conversions use.
    pub(crate) fn new(env: &Environment) -> Result<Ctors, SpecError> {
        let ext = ExtFn::ALL
            .iter()
            .map(|f| format!("Cedar.ExtFun.{}", f.name()));
        let mut table = HashMap::new();
        for full in REQUIRED.iter().map(|s| s.to_string()).chain(ext) {
            let name = Name::new(&full);
            let info = match env.get(&name).map(|c| &c.kind) {
                Some(ConstantKind::Constructor(info)) => info,
                _ => {
                    return Err(SpecError::Missing(format!(
                        "the constructor `{full}` is not in the model"
                    )))
                }
            };
            let ctor = Ctor {
                name,
                idx: info.idx,
                fields: info.num_fields,
            };
            table.insert(full, ctor);
        }
        Ok(Ctors { table })
    }

    /// The constructor `name` applied to `fields` (type parameters erased).
    pub(crate) fn mk(&self, name: &str, fields: Vec<Value>) -> Result<Value, SpecError> {
        let c = self
            .table
            .get(name)
            .ok_or_else(|| SpecError::Missing(format!("the constructor `{name}`")))?;
        if c.fields as usize != fields.len() {
            return Err(SpecError::Missing(format!(
                "the constructor `{name}` with {} fields (the model's has {})",
                fields.len(),
                c.fields
            )));
        }
        Ok(Value::ctor(c.name.clone(), c.idx, fields))
    }

    /// A Lean `Bool`.
    pub(crate) fn bool(&self, b: bool) -> Result<Value, SpecError> {
        self.mk(if b { "Bool.true" } else { "Bool.false" }, Vec::new())
    }

    /// A Lean `List` of the given elements.
    pub(crate) fn list(&self, items: Vec<Value>) -> Result<Value, SpecError> {
        let mut out = self.mk("List.nil", Vec::new())?;
        for v in items.into_iter().rev() {
            out = self.mk("List.cons", vec![v, out])?;
        }
        Ok(out)
    }

    /// A pair.
    pub(crate) fn pair(&self, a: Value, b: Value) -> Result<Value, SpecError> {
        self.mk("Prod.mk", vec![a, b])
    }

    /// `none` or `some v`.
    pub(crate) fn option(&self, v: Option<Value>) -> Result<Value, SpecError> {
        match v {
            None => self.mk("Option.none", Vec::new()),
            Some(v) => self.mk("Option.some", vec![v]),
        }
    }

    /// A nullary constructor.
    pub(crate) fn unit(&self, name: &str) -> Result<Value, SpecError> {
        self.mk(name, Vec::new())
    }
}
