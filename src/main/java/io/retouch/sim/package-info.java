/**
 * A local simulator of fal.ai's queue API for {@code fal-ai/nano-banana-pro/edit} (vendors.md §1),
 * for tests, the demo and checks by hand. A fal adapter pointed at {@link io.retouch.sim.Simulator#falBaseUrl()}
 * instead of {@code https://queue.fal.run} works unchanged.
 *
 * <p>In a test:
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorConfig.defaults(tempDir)
 *         .withLatency(LatencyModel.parse("fixed:200ms"))
 *         .withFaults(FaultProfile.parse("submit-429=0.1,result-422=0.05")))) {
 *     // adapter base URL: sim.falBaseUrl(); paid submissions: sim.ledger()
 * }
 * }</pre>
 *
 * <p>By hand (Ctrl-C or kill to stop; state stays in the state dir):
 * <pre>
 *   ./mvnw -B -ntp compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 *   java -cp target/classes:$(cat target/classpath.txt) io.retouch.sim.SimulatorMain \
 *        --port 8089 --state-dir .retouch/sim --latency lognormal:mean=1s,sd=300ms --concurrency 4 \
 *        --faults submit-5xx=0.05,result-422=0.05 --seed 42
 *   curl -s http://127.0.0.1:8089/_sim/submissions
 * </pre>
 *
 * <p>Endpoints: {@code POST /fal/fal-ai/nano-banana-pro/edit}, {@code GET /fal/fal-ai/nano-banana-pro/requests/{id}/status},
 * {@code GET /fal/fal-ai/nano-banana-pro/requests/{id}}, {@code PUT /fal/fal-ai/nano-banana-pro/requests/{id}/cancel},
 * output files under {@code /files/{id}/{n}.{ext}}, and the paid-submission ledger at {@code GET /_sim/submissions}.
 */
package io.retouch.sim;
