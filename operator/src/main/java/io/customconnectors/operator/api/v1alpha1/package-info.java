/**
 * The custom resources of API group {@code customconnectors.io}, version {@code v1alpha1}.
 *
 * <p>Plain data only: no client code, no I/O. The CRDs in {@code crds/} are generated from these
 * classes, so every field's {@code @JsonPropertyDescription} is what {@code kubectl explain} shows
 * and every validation annotation is what the API server enforces.
 */
package io.customconnectors.operator.api.v1alpha1;
