package io.retouch.sim;

import io.retouch.sim.aimlapi.AimlapiProtocol;
import io.retouch.sim.fal.FalProtocol;
import io.retouch.sim.gemini.GeminiBatchProtocol;
import io.retouch.sim.gemini.GeminiProtocol;
import io.retouch.sim.kie.KieProtocol;
import io.retouch.sim.kie.SinanCodeProtocol;
import io.retouch.sim.mulerun.MuleRunProtocol;
import io.retouch.sim.runflow.RunflowProtocol;
import io.retouch.sim.runflow.RunflowRunsProtocol;
import java.util.List;

/** Every vendor protocol the simulator speaks, one line each, each under {@code /<vendor name>}. */
final class SimProtocols {

    private SimProtocols() {
    }

    static List<SimProtocol> all(String simulatorBaseUrl, SimIntake intake) {
        return List.of(
                new FalProtocol(simulatorBaseUrl, intake),
                new RunflowProtocol(intake),
                new RunflowRunsProtocol(simulatorBaseUrl, intake),
                new MuleRunProtocol(intake),
                new AimlapiProtocol(intake),
                new KieProtocol(intake),
                new SinanCodeProtocol(intake, false),
                new SinanCodeProtocol(intake, true),
                new GeminiProtocol(intake),
                new GeminiBatchProtocol(intake));
    }
}
