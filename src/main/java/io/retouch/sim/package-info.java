/**
 * A local simulator of every hosted vendor of Nano Banana Pro edit (vendors.md), for tests, the demo
 * and checks by hand. Each vendor's protocol is served under its own path ({@link SimProtocols});
 * {@link SimIntake} does what every protocol shares: faults, inputs, queue, persistence and the
 * ledger of paid submissions. In a test:
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorConfig.defaults(tempDir)
 *         .withLatency(LatencyModel.parse("fixed:200ms"))
 *         .withFaults(FaultProfile.parse("submit-429=0.1; mulerun: task-failed=0.05")))) {
 *     // adapter base URL: sim.baseUrl("/mulerun"); paid submissions: sim.ledger(); peaks: sim.load()
 * }
 * }</pre>
 * By hand: {@code java -jar target/retouch.jar sim --port 8089} prints every vendor's base URL;
 * {@code GET /_sim/submissions} shows the ledger, {@code POST /_sim/faults} changes the faults while
 * it runs, {@code GET /_sim/stats} shows each vendor's peaks ({@link LoadCounters}): tasks held at once
 * and requests started in any one second. Output files are served under {@code /files/{id}/{n}.{ext}}. State stays in the state dir.
 */
package io.retouch.sim;
