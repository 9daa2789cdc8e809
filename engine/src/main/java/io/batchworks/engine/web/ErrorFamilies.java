package io.batchworks.engine.web;

import java.util.Optional;

import io.batchworks.plugin.web.ErrorShape;

/** Which API family's error shape a request path takes, when not Kazoo's: the loaded plugins say. */
public interface ErrorFamilies {

    Optional<ErrorShape> shapeFor(String path);
}
