//! The model and the production engine agree on random literals and values.

use std::cell::RefCell;

use cedrus_policy::ext::{datetime, decimal, ipaddr};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

use super::grammar::{
    datetime_literal, decimal_literal, dense_net, duration_literal, i64_value, ip_literal,
};
use super::model::{check, load_model, mk, wrapped_int, Model};

/// A production function from a duration to a number.
type Conversion = fn(i64) -> i64;

#[test]
fn decimal_parse_agrees_with_production() {
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    check(512, decimal_literal(), |s| {
        let model = m.borrow_mut().decimal(&s);
        prop_assert_eq!(model, decimal::parse(&s).ok(), "decimal {:?}", s);
        Ok(())
    });
}

#[test]
fn decimal_order_agrees_with_production() {
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    check(128, (i64_value(), i64_value()), |(a, b)| {
        let mut m = m.borrow_mut();
        let args = [mk("Cedar.Decimal.mk", a), mk("Cedar.Decimal.mk", b)];
        prop_assert_eq!(m.bool("Cedar.Decimal.lt", &args), a < b);
        prop_assert_eq!(m.bool("Cedar.Decimal.le", &args), a <= b);
        Ok(())
    });
}

#[test]
fn ip_parse_agrees_with_production() {
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    check(512, ip_literal(), |s| {
        let model = m.borrow_mut().ip(&s).map(|(_, net)| net);
        prop_assert_eq!(model, ipaddr::parse(&s).ok(), "ip {:?}", s);
        Ok(())
    });
}

#[test]
fn ip_operations_agree_with_production() {
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    check(256, (dense_net(), dense_net()), |(a, b)| {
        let mut m = m.borrow_mut();
        // The production engine's canonical text reads back as the same value.
        let Some((va, na)) = m.ip(&a.to_string()) else {
            return Err(TestCaseError::fail(format!("the model rejects {a}")));
        };
        let Some((vb, nb)) = m.ip(&b.to_string()) else {
            return Err(TestCaseError::fail(format!("the model rejects {b}")));
        };
        prop_assert_eq!((na, nb), (a, b));
        let one = [va.clone()];
        prop_assert_eq!(m.bool("Cedar.IPAddr.isIpv4", &one), a.is_ipv4());
        prop_assert_eq!(m.bool("Cedar.IPAddr.isIpv6", &one), a.is_ipv6());
        prop_assert_eq!(
            m.bool("Cedar.IPAddr.isLoopback", &one),
            a.is_loopback(),
            "{}",
            a
        );
        prop_assert_eq!(
            m.bool("Cedar.IPAddr.isMulticast", &one),
            a.is_multicast(),
            "{}",
            a
        );
        let two = [va, vb];
        prop_assert_eq!(
            m.bool("Cedar.IPAddr.isInRange", &two),
            a.is_in_range(b),
            "{} in {}",
            a,
            b
        );
        prop_assert_eq!(m.bool("Cedar.IPAddr.beq", &two), a == b);
        Ok(())
    });
}

#[test]
fn duration_parse_agrees_with_production() {
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    check(512, duration_literal(), |s| {
        let model = m.borrow_mut().duration(&s);
        prop_assert_eq!(model, datetime::parse_duration(&s).ok(), "duration {:?}", s);
        Ok(())
    });
}

#[test]
fn datetime_parse_agrees_with_production() {
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    check(512, datetime_literal(), |s| {
        let model = m.borrow_mut().datetime(&s);
        prop_assert_eq!(model, datetime::parse_datetime(&s).ok(), "datetime {:?}", s);
        Ok(())
    });
}

#[test]
fn datetime_operations_agree_with_production() {
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    check(256, (i64_value(), i64_value()), |(a, b)| {
        let mut m = m.borrow_mut();
        let (dt_a, dt_b) = (mk("Cedar.Datetime.mk", a), mk("Cedar.Datetime.mk", b));
        let dur_b = mk("Cedar.Duration.mk", b);
        let dur_a = [mk("Cedar.Duration.mk", a)];
        prop_assert_eq!(
            m.option_int("Cedar.Datetime.offset", &[dt_a.clone(), dur_b.clone()]),
            datetime::offset(a, b)
        );
        prop_assert_eq!(
            m.option_int(
                "Cedar.Datetime.durationSince",
                &[dt_a.clone(), dt_b.clone()]
            ),
            datetime::duration_since(a, b)
        );
        prop_assert_eq!(
            m.option_int("Cedar.Datetime.toDate", std::slice::from_ref(&dt_a)),
            datetime::to_date(a)
        );
        let time = m.call("Cedar.Datetime.toTime", std::slice::from_ref(&dt_a));
        prop_assert_eq!(wrapped_int(&time), datetime::to_time(a));
        prop_assert_eq!(
            m.bool("Cedar.Datetime.lt", &[dt_a.clone(), dt_b.clone()]),
            a < b
        );
        prop_assert_eq!(m.bool("Cedar.Datetime.le", &[dt_a, dt_b]), a <= b);
        let dur_pair = [dur_a[0].clone(), dur_b];
        prop_assert_eq!(m.bool("Cedar.Duration.lt", &dur_pair), a < b);
        prop_assert_eq!(m.bool("Cedar.Duration.le", &dur_pair), a <= b);
        let conversions: [(&str, Conversion); 5] = [
            ("Cedar.Duration.toMilliseconds", datetime::to_milliseconds),
            ("Cedar.Duration.toSeconds", datetime::to_seconds),
            ("Cedar.Duration.toMinutes", datetime::to_minutes),
            ("Cedar.Duration.toHours", datetime::to_hours),
            ("Cedar.Duration.toDays", datetime::to_days),
        ];
        for (name, production) in conversions {
            prop_assert_eq!(m.int(name, &dur_a), production(a), "{}", name);
        }
        Ok(())
    });
}

#[test]
fn production_literals_read_back_in_the_model() {
    // Every value the production engine prints as a constructor's literal is read by
    // the model as the same value.
    let elab = load_model();
    let m = RefCell::new(Model::new(&elab));
    let instants = prop_oneof![
        i64_value().prop_map(|v| v.clamp(datetime::MIN_LITERAL, datetime::MAX_LITERAL)),
        datetime::MIN_LITERAL..=datetime::MAX_LITERAL,
    ];
    check(256, (i64_value(), instants), |(v, instant)| {
        let mut m = m.borrow_mut();
        let text = decimal::to_literal(v);
        prop_assert_eq!(m.decimal(&text), Some(v), "decimal {}", text);
        let text = datetime::duration_literal(v);
        prop_assert_eq!(m.duration(&text), Some(v), "duration {}", text);
        match datetime::datetime_literal(instant) {
            Some(text) => prop_assert_eq!(m.datetime(&text), Some(instant), "datetime {}", text),
            None => return Err(TestCaseError::fail(format!("no literal for {instant}"))),
        }
        Ok(())
    });
}

/// The fraction of `n` literals drawn from `strategy` that `accepts` accepts.
fn accepted_fraction<S: Strategy<Value = String>>(
    strategy: S,
    accepts: impl Fn(&str) -> bool,
    n: u32,
) -> f64 {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut accepted = 0u32;
    for _ in 0..n {
        match strategy.new_tree(&mut runner) {
            Ok(tree) => accepted += u32::from(accepts(&tree.current())),
            Err(e) => panic!("cannot draw a literal: {e}"),
        }
    }
    f64::from(accepted) / f64::from(n)
}

#[test]
fn grammars_draw_valid_and_invalid_literals() {
    // Each grammar must exercise both answers, or the agreement above says little.
    let fractions = [
        (
            "decimal",
            accepted_fraction(decimal_literal(), |s| decimal::parse(s).is_ok(), 1000),
        ),
        (
            "ip",
            accepted_fraction(ip_literal(), |s| ipaddr::parse(s).is_ok(), 1000),
        ),
        (
            "duration",
            accepted_fraction(
                duration_literal(),
                |s| datetime::parse_duration(s).is_ok(),
                1000,
            ),
        ),
        (
            "datetime",
            accepted_fraction(
                datetime_literal(),
                |s| datetime::parse_datetime(s).is_ok(),
                1000,
            ),
        ),
    ];
    for (name, fraction) in fractions {
        println!("{name}: {:.0}% accepted", fraction * 100.0);
        assert!(
            (0.15..=0.85).contains(&fraction),
            "{name}: {:.0}% of the literals are accepted",
            fraction * 100.0
        );
    }
}
