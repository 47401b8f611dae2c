package io.retouch;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RetouchApplication {
    public static void main(String[] args) {
    }
}
