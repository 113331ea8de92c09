package io.customconnectors.operator.api.v1alpha1;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/** Generates the CRD YAML of {@code crds/} from the model, in memory. */
final class CrdGeneration {

  static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(ConnectorPlugin.class, CustomConnector.class);

  private CrdGeneration() {}

  /**
   * File name (as fabric8 names it, e.g. {@code customconnectors.customconnectors.io-v1.yml}) to
   * YAML.
   */
  static Map<String, String> generate() {
    Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
    new CRDGenerator()
        .customResourceClasses(RESOURCES)
        .forCRDVersions("v1")
        .withPostProcessor(
            new io.fabric8.crdv2.generator.CRDPostProcessor() {
              @Override
              public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                orderPrinterColumnsAsDeclared((CustomResourceDefinition) crd);
                describeKindSpecAndStatus((CustomResourceDefinition) crd);
                return crd;
              }
            })
        .withOutput(
            new CRDGenerator.CRDOutput<ByteArrayOutputStream>() {
              @Override
              public ByteArrayOutputStream outputFor(String crdName) {
                return outputs.computeIfAbsent(
                    crdName + ".yml", name -> new ByteArrayOutputStream());
              }

              @Override
              public void close() {}
            })
        .generate();
    return outputs.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                entry -> entry.getValue().toString(StandardCharsets.UTF_8),
                (a, b) -> a,
                TreeMap::new));
  }

  /**
   * fabric8 leaves the kind, spec and status without a description ({@code kubectl explain} shows
   * {@code <empty>}): they come from the classes' {@code @JsonClassDescription}. Conditions are a
   * map keyed by type, as Kubernetes conditions are, so that server-side apply merges them by type.
   */
  private static void describeKindSpecAndStatus(CustomResourceDefinition crd) {
    Class<? extends HasMetadata> resource = resourceOf(crd);
    Class<?> spec = typeArgument(resource, 0);
    Class<?> status = typeArgument(resource, 1);
    crd.getSpec()
        .getVersions()
        .forEach(
            version -> {
              JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
              schema.setDescription(description(resource));
              schema.getProperties().get("spec").setDescription(description(spec));
              JSONSchemaProps statusSchema = schema.getProperties().get("status");
              statusSchema.setDescription(description(status));
              JSONSchemaProps conditions = statusSchema.getProperties().get("conditions");
              conditions.setXKubernetesListType("map");
              conditions.setXKubernetesListMapKeys(List.of("type"));
            });
  }

  private static String description(Class<?> type) {
    JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
    if (description == null) {
      throw new IllegalStateException(type.getSimpleName() + " needs a @JsonClassDescription");
    }
    return description.value();
  }

  private static Class<?> typeArgument(Class<?> resource, int index) {
    ParameterizedType parent = (ParameterizedType) resource.getGenericSuperclass();
    return (Class<?>) parent.getActualTypeArguments()[index];
  }

  private static Class<? extends HasMetadata> resourceOf(CustomResourceDefinition crd) {
    return RESOURCES.stream()
        .filter(type -> HasMetadata.getKind(type).equals(crd.getSpec().getNames().getKind()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * fabric8 sorts printer columns by JSON path; kubectl shows them in list order, so restore the
   * order of the {@code @AdditionalPrinterColumn} annotations on the resource class.
   */
  private static void orderPrinterColumnsAsDeclared(CustomResourceDefinition crd) {
    Class<? extends HasMetadata> resource = resourceOf(crd);
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    crd.getSpec()
        .getVersions()
        .forEach(
            version ->
                version
                    .getAdditionalPrinterColumns()
                    .sort(
                        Comparator.comparingInt(
                            (CustomResourceColumnDefinition column) ->
                                declared.indexOf(column.getName()))));
  }
}
