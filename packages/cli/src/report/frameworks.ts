/**
 * The endpoint-relevant controls of each framework Tenet reports on: the controls a device
 * compliance or access policy can evidence. A control listed here that no rule maps to is
 * reported as a gap. Ids are written as policies cite them (`controls iso27001 "A.8.1"`).
 */
export const FRAMEWORKS: Record<string, { title: string; controls: Record<string, string> }> = {
  iso27001: {
    title: "ISO/IEC 27001:2022 Annex A",
    controls: {
      "A.5.15": "Access control",
      "A.5.17": "Authentication information",
      "A.8.1": "User endpoint devices",
      "A.8.5": "Secure authentication",
      "A.8.7": "Protection against malware",
      "A.8.8": "Management of technical vulnerabilities",
      "A.8.9": "Configuration management",
      "A.8.16": "Monitoring activities",
      "A.8.20": "Networks security",
      "A.8.24": "Use of cryptography",
    },
  },
  cis: {
    title: "CIS Critical Security Controls v8",
    controls: {
      "2.2": "Ensure authorized software is currently supported",
      "3.6": "Encrypt data on end-user devices",
      "4.1": "Establish and maintain a secure configuration process",
      "4.3": "Configure automatic session locking on enterprise assets",
      "4.5": "Implement and manage a host-based firewall on end-user devices",
      "4.8": "Uninstall or disable unnecessary services",
      "5.2": "Use unique passwords",
      "6.5": "Require MFA for administrative access",
      "7.3": "Perform automated operating system patch management",
      "7.4": "Perform automated application patch management",
      "10.1": "Deploy and maintain anti-malware software",
      "10.2": "Configure automatic anti-malware signature updates",
    },
  },
  nist80053: {
    title: "NIST SP 800-53 Rev. 5",
    controls: {
      "AC-11": "Device lock",
      "AC-19": "Access control for mobile devices",
      "IA-2": "Identification and authentication (organizational users)",
      "IA-2(1)": "Multi-factor authentication to privileged accounts",
      "IA-5": "Authenticator management",
      "SC-7": "Boundary protection",
      "SC-12": "Cryptographic key establishment and management",
      "SC-28": "Protection of information at rest",
      "SI-2": "Flaw remediation",
      "SI-3": "Malicious code protection",
      "SI-4": "System monitoring",
      "SI-7": "Software, firmware, and information integrity",
    },
  },
  hipaa: {
    title: "HIPAA Security Rule",
    controls: {
      "164.308(a)(5)(ii)(B)": "Protection from malicious software",
      "164.312(a)(1)": "Access control",
      "164.312(a)(2)(iv)": "Encryption and decryption",
      "164.312(d)": "Person or entity authentication",
    },
  },
  soc2: {
    title: "SOC 2 Trust Services Criteria",
    controls: {
      "CC6.1": "Logical access security",
      "CC6.7": "Restricts the transmission and movement of information",
      "CC6.8": "Prevents or detects unauthorized or malicious software",
      "CC7.1": "Detects configuration changes and vulnerabilities",
    },
  },
  gdpr: {
    title: "GDPR",
    controls: {
      "Art.32(1)(a)": "Pseudonymisation and encryption of personal data",
      "Art.32(1)(b)": "Confidentiality, integrity, availability and resilience",
    },
  },
};
