//! Tests of extension dispatch, constructors and printing.

use super::*;
use proptest::prelude::*;

fn s(text: &str) -> Value {
    Value::string(text)
}

/// Calls `func`, panicking with the error if it fails.
fn ok(func: ExtFn, args: &[Value]) -> Value {
    match call(func, args) {
        Ok(v) => v,
        Err(e) => panic!("{}({args:?}) failed: {e}", func.name()),
    }
}

/// The value a constructor builds from `text`.
fn make(func: ExtFn, text: &str) -> Value {
    ok(func, &[s(text)])
}

#[test]
fn constructors_build_values() {
    assert_eq!(
        make(ExtFn::Decimal, "1.23"),
        ExtValue::Decimal(12_300).into()
    );
    assert_eq!(
        make(ExtFn::Ip, "10.0.0.0/8"),
        ExtValue::Ip(IpNet::V4(0x0a00_0000, 8)).into()
    );
    assert_eq!(
        make(ExtFn::Datetime, "1970-01-02"),
        ExtValue::Datetime(86_400_000).into()
    );
    assert_eq!(
        make(ExtFn::Duration, "-1s"),
        ExtValue::Duration(-1000).into()
    );
}

#[test]
fn constructor_failures_name_the_function() {
    let err = call(ExtFn::Decimal, &[s("1.23456")]);
    assert_eq!(
        err,
        Err(EvalError::Extension {
            func: "decimal",
            message: "`1.23456` has more than four digits after the decimal point".into(),
        })
    );
    for (func, bad) in [
        (ExtFn::Decimal, "1"),
        (ExtFn::Ip, "10.0.0.256"),
        (ExtFn::Datetime, "2024-02-30"),
        (ExtFn::Duration, "1h1d"),
    ] {
        match call(func, &[s(bad)]) {
            Err(EvalError::Extension {
                func: name,
                message,
            }) => {
                assert_eq!(name, func.name());
                assert!(message.contains(bad), "{message}");
            }
            other => panic!("{bad}: expected an extension error, got {other:?}"),
        }
    }
}

#[test]
fn constructors_require_strings() {
    for func in [ExtFn::Decimal, ExtFn::Ip, ExtFn::Datetime, ExtFn::Duration] {
        let err = call(func, &[Value::Long(1)]);
        let Err(EvalError::Type {
            expected,
            got,
            context,
        }) = err
        else {
            panic!("expected a type error, got {err:?}");
        };
        assert_eq!(expected, vec![ValueKind::String]);
        assert_eq!(got, ValueKind::Long);
        assert_eq!(context, format!("function {}", func.name()));
    }
}

#[test]
fn every_function_checks_its_arity() {
    for &func in ExtFn::ALL {
        let too_many = vec![s("x"); func.arity() + 1];
        assert_eq!(
            call(func, &too_many),
            Err(EvalError::Arity {
                func: func.name(),
                expected: func.arity(),
                got: func.arity() + 1,
            })
        );
        assert_eq!(
            call(func, &[]),
            Err(EvalError::Arity {
                func: func.name(),
                expected: func.arity(),
                got: 0,
            })
        );
    }
}

#[test]
fn every_method_checks_its_receiver_type() {
    for &func in ExtFn::ALL.iter().filter(|f| f.is_method()) {
        let args = vec![Value::Bool(true); func.arity()];
        match call(func, &args) {
            Err(EvalError::Type { got, context, .. }) => {
                assert_eq!(got, ValueKind::Bool);
                assert_eq!(context, format!("method {}", func.name()));
            }
            other => panic!("{}: expected a type error, got {other:?}", func.name()),
        }
    }
}

#[test]
fn decimal_comparisons() {
    let one = make(ExtFn::Decimal, "1.23");
    let two = make(ExtFn::Decimal, "1.24");
    let neg = make(ExtFn::Decimal, "-1.23");
    let cases = [
        (ExtFn::LessThan, [true, false, false]),
        (ExtFn::LessThanOrEqual, [true, true, false]),
        (ExtFn::GreaterThan, [false, false, true]),
        (ExtFn::GreaterThanOrEqual, [false, true, true]),
    ];
    for (func, [lt, eq, gt]) in cases {
        assert_eq!(ok(func, &[one.clone(), two.clone()]), lt.into());
        assert_eq!(ok(func, &[one.clone(), one.clone()]), eq.into());
        assert_eq!(ok(func, &[one.clone(), neg.clone()]), gt.into());
    }
    // The argument must be a decimal too, not a string that looks like one.
    assert_eq!(
        call(ExtFn::LessThan, &[one.clone(), s("1.24")]),
        Err(EvalError::Type {
            expected: vec![ValueKind::Decimal],
            got: ValueKind::String,
            context: "method lessThan",
        })
    );
    let ip = make(ExtFn::Ip, "::1");
    assert!(matches!(
        call(ExtFn::GreaterThan, &[ip, one]),
        Err(EvalError::Type {
            got: ValueKind::Ip,
            ..
        })
    ));
}

#[test]
fn ip_methods() {
    let ip = |t: &str| make(ExtFn::Ip, t);
    assert_eq!(ok(ExtFn::IsIpv4, &[ip("1.2.3.4")]), true.into());
    assert_eq!(ok(ExtFn::IsIpv6, &[ip("1.2.3.4")]), false.into());
    assert_eq!(ok(ExtFn::IsIpv6, &[ip("::")]), true.into());
    assert_eq!(ok(ExtFn::IsLoopback, &[ip("127.0.0.2")]), true.into());
    assert_eq!(ok(ExtFn::IsMulticast, &[ip("ff02::1")]), true.into());
    assert_eq!(
        ok(ExtFn::IsInRange, &[ip("10.1.1.1"), ip("10.0.0.0/8")]),
        true.into()
    );
    assert_eq!(
        ok(ExtFn::IsInRange, &[ip("10.1.1.1"), ip("::/0")]),
        false.into()
    );
    assert!(matches!(
        call(ExtFn::IsInRange, &[ip("10.1.1.1"), s("10.0.0.0/8")]),
        Err(EvalError::Type {
            expected,
            got: ValueKind::String,
            context: "method isInRange",
        }) if expected == vec![ValueKind::Ip]
    ));
}

#[test]
fn datetime_methods() {
    let t = make(ExtFn::Datetime, "2024-10-15T11:38:02.101Z");
    let day = make(ExtFn::Duration, "1d");
    assert_eq!(
        ok(ExtFn::Offset, &[t.clone(), day.clone()]),
        make(ExtFn::Datetime, "2024-10-16T11:38:02.101Z")
    );
    assert_eq!(
        ok(
            ExtFn::DurationSince,
            &[t.clone(), make(ExtFn::Datetime, "2024-10-15")]
        ),
        make(ExtFn::Duration, "11h38m2s101ms")
    );
    assert_eq!(
        ok(ExtFn::ToDate, std::slice::from_ref(&t)),
        make(ExtFn::Datetime, "2024-10-15")
    );
    assert_eq!(
        ok(ExtFn::ToTime, std::slice::from_ref(&t)),
        make(ExtFn::Duration, "11h38m2s101ms")
    );
    // `offset` takes a duration, `durationSince` a datetime.
    assert!(matches!(
        call(ExtFn::Offset, &[t.clone(), t.clone()]),
        Err(EvalError::Type {
            got: ValueKind::Datetime,
            context: "method offset",
            ..
        })
    ));
    assert!(matches!(
        call(ExtFn::DurationSince, &[t, day]),
        Err(EvalError::Type {
            got: ValueKind::Duration,
            ..
        })
    ));
}

#[test]
fn datetime_overflow_is_an_extension_error() {
    let max = Value::from(ExtValue::Datetime(i64::MAX));
    let min = Value::from(ExtValue::Datetime(i64::MIN));
    let ms = make(ExtFn::Duration, "1ms");
    for (func, args) in [
        (ExtFn::Offset, vec![max.clone(), ms]),
        (ExtFn::DurationSince, vec![min.clone(), max]),
        (ExtFn::ToDate, vec![min]),
    ] {
        assert!(
            matches!(call(func, &args), Err(EvalError::Extension { func: f, .. }) if f == func.name()),
            "{}",
            func.name()
        );
    }
}

#[test]
fn duration_methods() {
    let d = make(ExtFn::Duration, "-1d1h1m1s1ms");
    let expect = [
        (ExtFn::ToMilliseconds, -90_061_001),
        (ExtFn::ToSeconds, -90_061),
        (ExtFn::ToMinutes, -1501),
        (ExtFn::ToHours, -25),
        (ExtFn::ToDays, -1),
    ];
    for (func, n) in expect {
        assert_eq!(
            ok(func, std::slice::from_ref(&d)),
            Value::Long(n),
            "{}",
            func.name()
        );
    }
}

#[test]
fn construct_accepts_only_constructors() {
    assert_eq!(construct("decimal", "1.5"), Ok(ExtValue::Decimal(15_000)));
    assert_eq!(
        construct("duration", "2h"),
        Ok(ExtValue::Duration(7_200_000))
    );
    assert!(matches!(
        construct("ip", "nope"),
        Err(EvalError::Extension { func: "ip", .. })
    ));
    for name in ["lessThan", "ipaddr", "offset", "", "Decimal"] {
        assert!(
            matches!(
                construct(name, "1.0"),
                Err(EvalError::Extension { func: "__extn", .. })
            ),
            "{name:?}"
        );
    }
}

#[test]
fn display_is_a_cedar_expression() {
    let shown = |f: &str, a: &str| construct(f, a).map(|v| v.to_string());
    assert_eq!(
        shown("decimal", "12.34"),
        Ok(r#"decimal("12.3400")"#.into())
    );
    assert_eq!(shown("decimal", "-0.5"), Ok(r#"decimal("-0.5000")"#.into()));
    assert_eq!(shown("ip", "10.0.0.0/8"), Ok(r#"ip("10.0.0.0/8")"#.into()));
    assert_eq!(shown("ip", "::1"), Ok(r#"ip("::1")"#.into()));
    assert_eq!(
        shown("datetime", "2024-10-15T11:35:00+0000"),
        Ok(r#"datetime("2024-10-15T11:35:00Z")"#.into())
    );
    assert_eq!(shown("duration", "3600s"), Ok(r#"duration("1h")"#.into()));
    assert_eq!(
        ExtValue::Datetime(i64::MIN).to_string(),
        r#"datetime("1970-01-01").offset(duration("-106751991167d7h12m55s808ms"))"#
    );
    // Values print the same way inside sets.
    let set = Value::set([make(ExtFn::Decimal, "1.0")]);
    assert_eq!(set.to_string(), r#"[decimal("1.0000")]"#);
}

#[test]
fn snippets_cut_long_input() {
    let long = "9".repeat(200);
    let message = decimal::DecimalError::Malformed(long).to_string();
    assert!(message.len() < 250, "{message}");
    assert!(message.contains('…'));
    assert_eq!(Snippet("short").to_string(), "short");
}

#[test]
fn ascii_digits() {
    assert_eq!(parse_ascii_digits("0"), Some(0));
    assert_eq!(parse_ascii_digits("000123"), Some(123));
    assert_eq!(parse_ascii_digits(""), None);
    assert_eq!(parse_ascii_digits("1a"), None);
    assert_eq!(parse_ascii_digits("-1"), None);
    assert_eq!(parse_ascii_digits(&u128::MAX.to_string()), Some(u128::MAX));
    assert_eq!(
        parse_ascii_digits("340282366920938463463374607431768211456"),
        None
    );
}

fn any_ext_value() -> impl Strategy<Value = ExtValue> {
    prop_oneof![
        any::<i64>().prop_map(ExtValue::Decimal),
        (any::<u32>(), 0u8..=32).prop_map(|(a, p)| ExtValue::Ip(IpNet::V4(a, p))),
        (any::<u128>(), 0u8..=128).prop_map(|(a, p)| ExtValue::Ip(IpNet::V6(a, p))),
        (datetime::MIN_LITERAL..=datetime::MAX_LITERAL).prop_map(ExtValue::Datetime),
        any::<i64>().prop_map(ExtValue::Duration),
    ]
}

proptest! {
    #[test]
    fn construct_inverts_constructor_call(v in any_ext_value()) {
        let call = v.constructor_call();
        prop_assert!(call.is_some());
        if let Some((func, arg)) = call {
            prop_assert_eq!(construct(func.name(), &arg), Ok(v));
        }
    }

    #[test]
    fn out_of_literal_range_datetimes_print_as_offsets(ms in any::<i64>()) {
        let v = ExtValue::Datetime(ms);
        let in_range = (datetime::MIN_LITERAL..=datetime::MAX_LITERAL).contains(&ms);
        prop_assert_eq!(v.constructor_call().is_some(), in_range);
        prop_assert_eq!(v.to_string().contains(".offset("), !in_range);
    }

    #[test]
    fn construct_never_panics(name in "[a-z]{0,9}", arg in ".*") {
        let _ = construct(&name, &arg);
    }
}
