//! The negative-binomial and Poisson tails against known values, and against the probability
//! function summed term by term.

use plumbline_insight::stats::{NegBinomial, ln_gamma};

/// (mean, 1/size, n, P(X >= n), P(X <= n)), computed with SciPy 1.17.1:
/// `nbinom.sf(n - 1, 1/inv, (1/inv) / (1/inv + mean))` and `nbinom.cdf(n, ...)`, or
/// `poisson.sf(n - 1, mean)` and `poisson.cdf(n, mean)` where 1/size is 0.
const SCIPY: [(f64, f64, u64, f64, f64); 16] = [
    (0.3, 0.0, 3, 3.599493183089468e-03, 9.997341888099782e-01),
    (1.25, 0.0, 5, 9.124279218395273e-03, 9.981619145494115e-01),
    (3.75, 0.0, 12, 5.280897267310355e-04, 9.998516044543551e-01),
    (25.0, 0.0, 45, 2.00142255290731e-04, 9.998936412544206e-01),
    (
        140.0,
        0.0,
        190,
        3.433327525356075e-05,
        9.999751554851036e-01,
    ),
    (
        1.25,
        0.285,
        11,
        3.635767685441254e-05,
        9.999885194140462e-01,
    ),
    (0.375, 0.25, 4, 1.527654789124553e-03, 9.997924506538214e-01),
    (3.75, 0.1, 14, 7.467471661603182e-04, 9.996793376280481e-01),
    (12.5, 0.25, 40, 3.343997927640751e-03, 9.972967648753741e-01),
    (0.0074, 2.0, 3, 9.74727871707712e-07, 9.999999875567889e-01),
    (26.0, 0.05, 60, 2.631661724834403e-04, 9.998067765482158e-01),
    (8.0, 0.5, 30, 8.665580274997677e-03, 9.928694653737162e-01),
    (
        140.0,
        0.02,
        200,
        9.050125269328106e-03,
        9.917746962686655e-01,
    ),
    (30.0, 0.02, 8, 9.999780278483125e-01, 6.218540515318788e-05),
    (12.0, 0.0, 1, 9.999938557876467e-01, 7.987476059326673e-05),
    (60.0, 0.1, 20, 9.947723267088103e-01, 6.852230380517752e-03),
];

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= relative * expected.abs()
}

#[test]
fn tails_match_scipy() {
    for (mean, inv, n, upper, lower) in SCIPY {
        let d = NegBinomial::new(mean, inv);
        let (u, l) = (d.upper_tail(n), d.lower_tail(n));
        assert!(
            close(u, upper, 1e-9),
            "P(X >= {n}) mean {mean} 1/size {inv}: {u} vs {upper}"
        );
        assert!(
            close(l, lower, 1e-9),
            "P(X <= {n}) mean {mean} 1/size {inv}: {l} vs {lower}"
        );
    }
}

/// P(X = k) by the recurrence P(k+1) = P(k) (k + size)/(k + 1) q, from P(0) = p^size.
fn pmf_terms(mean: f64, inv: f64, up_to: u64) -> Vec<f64> {
    let mut terms = Vec::new();
    let mut term = if inv == 0.0 {
        (-mean).exp()
    } else {
        (1.0 + mean * inv).powf(-1.0 / inv)
    };
    for k in 0..=up_to {
        terms.push(term);
        let k = k as f64;
        term *= if inv == 0.0 {
            mean / (k + 1.0)
        } else {
            let size = 1.0 / inv;
            (k + size) / (k + 1.0) * (mean / (size + mean))
        };
    }
    terms
}

#[test]
fn tails_match_the_summed_probability_function() {
    for (mean, inv) in [
        (0.05, 0.0),
        (0.4, 0.5),
        (1.25, 0.25),
        (3.75, 0.0),
        (3.75, 0.1),
        (10.0, 2.0),
        (25.0, 0.04),
        (60.0, 0.0),
    ] {
        let d = NegBinomial::new(mean, inv);
        let terms = pmf_terms(mean, inv, 2_000);
        for n in 0..(mean * 6.0 + 25.0) as u64 {
            let lower: f64 = terms[..=n as usize].iter().sum();
            let upper: f64 = terms[n as usize..].iter().sum();
            assert!(
                close(d.lower_tail(n), lower, 1e-9),
                "P(X <= {n}), mean {mean}, 1/size {inv}"
            );
            assert!(
                close(d.upper_tail(n), upper, 1e-9),
                "P(X >= {n}), mean {mean}, 1/size {inv}: {} vs {upper}",
                d.upper_tail(n)
            );
            assert!(close(d.ln_pmf(n).exp(), terms[n as usize], 1e-9));
        }
    }
}

#[test]
fn screened_tails_answer_exactly_when_within_the_limit() {
    let d = NegBinomial::new(1.25, 0.285);
    for n in 0..30 {
        let p = d.upper_tail(n);
        assert_eq!(d.upper_tail_within(n, 2e-4), (p <= 2e-4).then_some(p));
        let q = d.lower_tail(n);
        assert_eq!(d.lower_tail_within(n, 2e-4), (q <= 2e-4).then_some(q));
    }
}

#[test]
fn ln_gamma_known_values() {
    // ln Γ(10) = ln 362880; Γ(1/2) = √π; ln Γ(100.5) from SciPy (gammaln).
    assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-12);
    assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    assert!((ln_gamma(100.5) - 361.435_540_467_777_57).abs() < 1e-9);
}
