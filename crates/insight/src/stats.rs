//! Closed-form distributions for small counts: the log-gamma function (Lanczos), the
//! regularized incomplete beta and gamma functions (continued fractions and series, after
//! Numerical Recipes §6.2 and §6.4), and the negative binomial's tails built on them.
//!
//! Written here rather than taken from a statistics crate: the detector needs four functions,
//! and their accuracy in the far tail (1e-4 and below) is what its rules stand on, so they are
//! tested against reference values (`tests/stats.rs`).

use std::f64::consts::PI;

/// Lanczos approximation, g = 7, nine coefficients: about 15 significant digits for x > 0.
const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// ln Γ(x) for x > 0 (and, by reflection, for negative x that are not integers).
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        return (PI / (PI * x).sin().abs()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + LANCZOS_G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

const MAX_ITERATIONS: usize = 10_000;
const EPSILON: f64 = 1e-15;
const TINY: f64 = 1e-300;

/// The continued fraction of the incomplete beta function (modified Lentz).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_ITERATIONS {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPSILON {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), with `y = 1 - x` passed in so that a
/// caller holding both (p and q of a negative binomial) loses no digits forming it.
pub fn beta_regularized(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * y.ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(b, a, y) / b
    }
}

/// The regularized gamma functions (P(a, x), Q(a, x)) = (lower, upper), each computed
/// directly where it is the small one.
pub fn gamma_regularized(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    let ln_front = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // Series for P.
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut n = a;
        for _ in 0..MAX_ITERATIONS {
            n += 1.0;
            term *= x / n;
            sum += term;
            if term.abs() < sum.abs() * EPSILON {
                break;
            }
        }
        let p = sum * ln_front.exp();
        (p, 1.0 - p)
    } else {
        // Continued fraction for Q (modified Lentz).
        let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..=MAX_ITERATIONS {
            let i = i as f64;
            let an = -i * (i - a);
            b += 2.0;
            d = 1.0 / guard(an * d + b);
            c = guard(b + an / c);
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < EPSILON {
                break;
            }
        }
        let q = ln_front.exp() * h;
        (1.0 - q, q)
    }
}

/// Below this 1/size the negative binomial is taken as Poisson: the variance differs by less
/// than 1e-7 of the mean squared, and the incomplete beta's fraction would need on the order
/// of sqrt(size) steps.
const POISSON_INV_SIZE: f64 = 1e-7;

/// A negative binomial count with mean `mean` and variance `mean + mean² / size`, given by
/// `1 / size` (0 for Poisson).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NegBinomial {
    mean: f64,
    inv_size: f64,
}

impl NegBinomial {
    /// Negative or non-finite arguments are taken as 0.
    pub fn new(mean: f64, inv_size: f64) -> Self {
        let clean = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
        NegBinomial {
            mean: clean(mean),
            inv_size: clean(inv_size),
        }
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    pub fn variance(&self) -> f64 {
        self.mean + self.mean * self.mean * self.inv_size
    }

    fn is_poisson(&self) -> bool {
        self.inv_size < POISSON_INV_SIZE
    }

    /// (size, p, q): success probability p = size / (size + mean), q = mean / (size + mean).
    fn shape(&self) -> (f64, f64, f64) {
        let size = 1.0 / self.inv_size;
        // p = 1 / (1 + mean/size), q = (mean/size) / (1 + mean/size), each without 1 - x.
        let ratio = self.mean * self.inv_size;
        (size, 1.0 / (1.0 + ratio), ratio / (1.0 + ratio))
    }

    /// ln P(X = n).
    pub fn ln_pmf(&self, n: u64) -> f64 {
        let k = n as f64;
        if self.mean == 0.0 {
            return if n == 0 { 0.0 } else { f64::NEG_INFINITY };
        }
        if self.is_poisson() {
            return k * self.mean.ln() - self.mean - ln_gamma(k + 1.0);
        }
        let (size, p, q) = self.shape();
        ln_gamma(k + size) - ln_gamma(size) - ln_gamma(k + 1.0) + size * p.ln() + k * q.ln()
    }

    /// P(X >= n): I_q(n, size), or the lower regularized gamma P(n, mean) for Poisson.
    pub fn upper_tail(&self, n: u64) -> f64 {
        if n == 0 {
            return 1.0;
        }
        if self.mean == 0.0 {
            return 0.0;
        }
        let k = n as f64;
        if self.is_poisson() {
            return gamma_regularized(k, self.mean).0;
        }
        let (size, p, q) = self.shape();
        beta_regularized(k, size, q, p)
    }

    /// P(X <= n): I_p(size, n + 1), or the upper regularized gamma Q(n + 1, mean) for Poisson.
    pub fn lower_tail(&self, n: u64) -> f64 {
        if self.mean == 0.0 {
            return 1.0;
        }
        let k = n as f64 + 1.0;
        if self.is_poisson() {
            return gamma_regularized(k, self.mean).1;
        }
        let (size, p, q) = self.shape();
        beta_regularized(size, k, p, q)
    }

    /// P(X >= n) when it is at most `limit`, else `None`. The probability of n itself bounds
    /// the tail from below, so most days are settled without the continued fraction.
    pub fn upper_tail_within(&self, n: u64, limit: f64) -> Option<f64> {
        if self.ln_pmf(n) > limit.ln() {
            return None;
        }
        let p = self.upper_tail(n);
        (p <= limit).then_some(p)
    }

    /// P(X <= n) when it is at most `limit`, else `None` (see [`Self::upper_tail_within`]).
    pub fn lower_tail_within(&self, n: u64, limit: f64) -> Option<f64> {
        if self.ln_pmf(n) > limit.ln() {
            return None;
        }
        let p = self.lower_tail(n);
        (p <= limit).then_some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_of_integers_and_halves() {
        let mut factorial: f64 = 1.0;
        for n in 1..30 {
            assert!((ln_gamma(n as f64) - factorial.ln()).abs() < 1e-12 * factorial.ln().max(1.0));
            factorial *= n as f64;
        }
        assert!((ln_gamma(0.5) - PI.sqrt().ln()).abs() < 1e-14);
    }

    #[test]
    fn tails_add_up_to_one_around_each_count() {
        for (mean, inv) in [(0.3, 0.0), (2.5, 0.25), (14.0, 0.1), (40.0, 2.0)] {
            let d = NegBinomial::new(mean, inv);
            for n in 0..60 {
                let sum = d.lower_tail(n) + d.upper_tail(n + 1);
                assert!((sum - 1.0).abs() < 1e-12, "{mean} {inv} {n}: {sum}");
            }
        }
    }
}
