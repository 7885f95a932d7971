package io.memguard.dropin.liquibase;

import org.springframework.data.jpa.repository.JpaRepository;

interface PetRepository extends JpaRepository<Pet, Long> {

}
