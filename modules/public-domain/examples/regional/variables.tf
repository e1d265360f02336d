variable "name" {
  description = "Name prefix of the example's resources."
  type        = string
  default     = "phi-example"
}

variable "region" {
  description = "Region of the zone's regional certificate; also the zone's region label."
  type        = string
  default     = "us-east-1"
}

variable "public_domain" {
  description = "Public domain of the example environment."
  type        = string
  default     = "dev.phi-example.example.com"
}

variable "certificate_key_algorithm" {
  description = "Key algorithm of both certificates (the emulator sets RSA_2048: moto ignores KeyAlgorithm)."
  type        = string
  default     = "EC_prime256v1"
}

variable "enable_query_logging" {
  description = "DNS query logging (the emulator switches it off: moto needs the log-group ARN with `:*`)."
  type        = bool
  default     = true
}

variable "enable_dnssec" {
  description = "DNSSEC signing (the emulator switches it off: moto has no CreateKeySigningKey)."
  type        = bool
  default     = true
}
