package dev.orderlens.cli;

import picocli.CommandLine;

/** {@code --version}: the version string ({@link dev.orderlens.model.Version}) and the Java. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            dev.orderlens.model.Version.display(), "Java " + System.getProperty("java.version")
        };
    }
}
