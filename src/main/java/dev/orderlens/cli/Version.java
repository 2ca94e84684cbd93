package dev.orderlens.cli;

import picocli.CommandLine;

/** Version from the jar manifest, falling back to "dev" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "OrderLens " + version(), "Java " + System.getProperty("java.version")
        };
    }
}
