package org.ofxkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ofxkit sandbox FI (a real HTTPS OFX server) as a child process of the tests. */
final class Sandbox implements AutoCloseable {
    static final String ORG = "ofxkit Sandbox", FID = "7777", USER = "demo", PASSWORD = "demo-pass",
            BANK_ID = "077700077", CHECKING = "1000123456", SAVINGS = "1000654321", CARD = "4000123412341234";

    final String url;
    final int port;
    final String ca;
    private final Process process;
    private final Path dir;

    private Sandbox(Process process, Path dir, String url, int port, String ca) {
        this.process = process; this.dir = dir; this.url = url; this.port = port; this.ca = ca;
    }

    /** The repository root (system property ofxkit.root, set by test.sh). */
    static Path root() {
        String r = System.getProperty("ofxkit.root", System.getenv().getOrDefault("OFXKIT_ROOT", "../.."));
        return Path.of(r).toAbsolutePath().normalize();
    }

    static String bin() {
        String b = System.getProperty("ofxkit.bin", System.getenv("OFXKIT_BIN"));
        return b != null ? b : root().resolve("target/release/ofxkit").toString();
    }

    static Sandbox start(String... extra) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ofxkit-java-sandbox");
        Path ready = dir.resolve("ready.json");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(bin(), "sandbox", "--port", "0",
                "--ready-file", ready.toString(), "--quiet"));
        cmd.addAll(java.util.List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sandbox.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (Files.exists(ready)) {
                String json = Files.readString(ready, StandardCharsets.UTF_8);
                String url = field(json, "url"), ca = field(json, "ca");
                Matcher m = Pattern.compile("\"port\"\\s*:\\s*(\\d+)").matcher(json);
                if (url != null && ca != null && m.find())
                    return new Sandbox(p, dir, url, Integer.parseInt(m.group(1)), ca);
            }
            if (!p.isAlive())
                throw new IOException("the sandbox exited (" + p.exitValue() + "): "
                        + Files.readString(dir.resolve("sandbox.log")));
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("the sandbox did not get ready in 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\/", "/").replace("\\\\", "\\") : null;
    }

    /** A client for the demo user, trusting the sandbox CA when {@code trustCa}. */
    OfxClient client(boolean trustCa) {
        OfxClient c = new OfxClient();
        try {
            c.setFi(url, ORG, FID).setCredentials(USER, PASSWORD);
            if (trustCa) c.set("ca_file", ca);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
