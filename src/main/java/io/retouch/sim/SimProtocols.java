package io.retouch.sim;

import java.util.List;

/** Every vendor protocol the simulator speaks. Add a vendor's protocol here, one line each. */
final class SimProtocols {

    private SimProtocols() {
    }

    static List<SimProtocol> all(String simulatorBaseUrl, SimIntake intake) {
        return List.of(
                new FalQueueHandler(simulatorBaseUrl, intake),
                new RunflowHandler(simulatorBaseUrl, intake),
                new MuleRunHandler(intake),
                new AimlapiHandler(intake),
                new KieProtocol(intake),
                new SinanCodeProtocol(intake),
                new GeminiHandler(intake),
                new GeminiBatchHandler(intake));
    }
}
