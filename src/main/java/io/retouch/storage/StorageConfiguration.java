package io.retouch.storage;

import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 from {@code retouch.s3.*}: an endpoint (MinIO, S3Proxy) implies path-style access; without one
 * the AWS SDK's usual region and endpoint resolution applies. Credentials are explicit keys when
 * given, else the AWS default chain (environment, profile, instance role).
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean
    AwsCredentialsProvider s3Credentials(@Value("${retouch.s3.access-key:}") String accessKey,
                                         @Value("${retouch.s3.secret-key:}") String secretKey) {
        return accessKey.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    @Bean(destroyMethod = "close")
    S3Client s3Client(AwsCredentialsProvider credentials, @Value("${retouch.s3.endpoint:}") String endpoint,
                      @Value("${retouch.s3.region:us-east-1}") String region) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials)
                .region(Region.of(region));
        if (!endpoint.isBlank()) builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    S3Presigner s3Presigner(AwsCredentialsProvider credentials, @Value("${retouch.s3.endpoint:}") String endpoint,
                            @Value("${retouch.s3.region:us-east-1}") String region) {
        var builder = S3Presigner.builder().credentialsProvider(credentials).region(Region.of(region));
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }

    @Bean
    ObjectStore objectStore(S3Client s3, S3Presigner presigner, ObjectProvider<StoreReadiness> readiness) {
        return new ObjectStore(s3, presigner, readiness.getIfAvailable(() -> StoreReadiness.READY));
    }
}
