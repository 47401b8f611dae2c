package io.retouch.flow;

import io.retouch.audit.AuditLog;
import io.retouch.inputs.StoreReachability;
import io.retouch.metrics.VendorMeters;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.OutputStore;
import io.retouch.task.AttemptStore;
import io.retouch.task.TaskStore;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the pipeline's stages; they are package-private, only the Dispatcher is seen from outside. */
@Configuration(proxyBeanMethods = false)
public class FlowConfiguration {

    @Bean
    Dispatcher dispatcher(TaskStore tasks, AttemptStore attempts, OutputStore outputs, ObjectStore store, AuditLog audit,
                          StoreReachability reach, VendorMeters meters) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        Recovery recovery = new Recovery(tasks, attempts);
        TaskPipeline pipeline = new TaskPipeline(recovery,
                new Submitter(tasks, attempts, recovery, audit, new InputUrls(store, reach), meters),
                new Follower(tasks, audit),
                new Collector(tasks, outputs, store, audit, new OutputFetcher(http)));
        return new Dispatcher(tasks, pipeline, recovery, audit);
    }
}
