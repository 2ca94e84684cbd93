package dev.orderlens.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded latency distribution in microseconds: fixed, uniform, log-normal (median and sigma of
 * the underlying normal) or exponential (mean), plus a per-sector transfer cost. Sampling returns
 * whole nanoseconds, never negative.
 */
public record Latency(Kind kind, double a, double b, double perSectorUs) {
    public enum Kind {
        FIXED,
        UNIFORM,
        LOGNORMAL,
        EXPONENTIAL
    }

    public static Latency fixed(double us) {
        return new Latency(Kind.FIXED, us, 0, 0);
    }

    public static Latency logNormal(double medianUs, double sigma) {
        return new Latency(Kind.LOGNORMAL, medianUs, sigma, 0);
    }

    public static Latency logNormal(double medianUs, double sigma, double perSectorUs) {
        return new Latency(Kind.LOGNORMAL, medianUs, sigma, perSectorUs);
    }

    public static Latency uniform(double minUs, double maxUs) {
        return new Latency(Kind.UNIFORM, minUs, maxUs, 0);
    }

    public static Latency exponential(double meanUs) {
        return new Latency(Kind.EXPONENTIAL, meanUs, 0, 0);
    }

    /** One sample in ns for a request of {@code sectors} sectors. */
    public long sample(SplittableRandom rng, int sectors) {
        double us =
                switch (kind) {
                    case FIXED -> a;
                    case UNIFORM -> a + (b - a) * rng.nextDouble();
                    case LOGNORMAL -> a * StrictMath.exp(b * gaussian(rng));
                    case EXPONENTIAL -> -a * StrictMath.log(1 - rng.nextDouble());
                };
        us += perSectorUs * sectors;
        return Math.max(0, Math.round(us * 1000));
    }

    /**
     * Box-Muller (SplittableRandom has no nextGaussian on Java 17), with StrictMath so that the
     * same seed gives the same nanoseconds on every JVM and CPU.
     */
    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
    }

    /** The JSON form the workload language accepts (see docs/simulator.md). */
    public Object describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (kind) {
            case FIXED -> m.put("fixed", a);
            case UNIFORM -> {
                m.put("min", a);
                m.put("max", b);
            }
            case LOGNORMAL -> {
                m.put("median", a);
                m.put("sigma", b);
            }
            case EXPONENTIAL -> m.put("mean", a);
        }
        if (perSectorUs != 0) {
            m.put("perSector", perSectorUs);
        }
        return m;
    }
}
